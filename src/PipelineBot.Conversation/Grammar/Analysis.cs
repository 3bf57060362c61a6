using NodaTime;

namespace PipelineBot.Conversation.Grammar;

/// <summary>
/// One message as words and the things it names (<see cref="Entity"/>), with the moment and place it was said in:
/// what every command's grammar is scored against and its slots are read from.
/// </summary>
internal sealed class Analysis
{
    private readonly List<Entity> _entities = [];
    private readonly Entity?[] _owner;

    public Analysis(string text, Instant now, DateTimeZone zone, string? locale)
    {
        Text = text;
        Tokens = Grammar.Words.Read(text);
        Words = [.. Tokens.Select(t => t.Text)];
        _owner = new Entity?[Tokens.Length];
        Now = now;
        Zone = zone;
        Locale = locale;
        Today = now.InZone(zone).Date;
    }

    public string Text { get; }

    public Token[] Tokens { get; }

    public string[] Words { get; }

    public int Count => Tokens.Length;

    public Instant Now { get; }

    public DateTimeZone Zone { get; }

    public string? Locale { get; }

    /// <summary>The speaker's date when they spoke.</summary>
    public LocalDate Today { get; }

    public IReadOnlyList<Entity> Entities => _entities;

    public string this[int index] => Words[index];

    /// <summary>The word at <paramref name="index"/>, or null past either end.</summary>
    public string? At(int index) => index >= 0 && index < Words.Length ? Words[index] : null;

    /// <summary>Whether the word at <paramref name="index"/> is no part of any entity yet.</summary>
    public bool IsFree(int index) => index >= 0 && index < _owner.Length && _owner[index] is null;

    public Entity? EntityAt(int index) => _owner[index];

    /// <summary>Records an entity; its words must all be free.</summary>
    public T Add<T>(T entity)
        where T : Entity
    {
        for (var i = entity.Start; i < entity.End; i++)
        {
            _owner[i] = entity;
        }

        var at = _entities.FindIndex(e => e.Start > entity.Start);
        _entities.Insert(at < 0 ? _entities.Count : at, entity);
        return entity;
    }

    /// <summary>Takes entities back and records one in their place; its words must be theirs or free.</summary>
    public void Replace(IReadOnlyList<Entity> old, Entity replacement)
    {
        foreach (var entity in old)
        {
            _entities.Remove(entity);
            for (var i = entity.Start; i < entity.End; i++)
            {
                _owner[i] = null;
            }
        }

        Add(replacement);
    }

    public bool AllFree(int start, int count)
    {
        for (var i = start; i < start + count; i++)
        {
            if (!IsFree(i))
            {
                return false;
            }
        }

        return start >= 0 && start + count <= Words.Length;
    }

    public bool Has(string word) => Array.IndexOf(Words, word) >= 0;

    public bool HasAny(params ReadOnlySpan<string> words)
    {
        foreach (var word in words)
        {
            if (Has(word))
            {
                return true;
            }
        }

        return false;
    }

    public T? First<T>()
        where T : Entity => _entities.OfType<T>().FirstOrDefault();

    public IEnumerable<T> All<T>()
        where T : Entity => _entities.OfType<T>();

    /// <summary>The original text from the start of word <paramref name="index"/> to the end.</summary>
    public string TextFrom(int index) => index >= Tokens.Length ? "" : Text[Tokens[index].Start..];

    /// <summary>The original text of the words in [start, start + count).</summary>
    public string TextOf(int start, int count) => Text[Tokens[start].Start..Tokens[start + count - 1].End];

    /// <summary>Whether the speaker talks of the past ("who was on call saturday"), which turns a bare weekday backwards.</summary>
    public bool PastTense => HasAny("was", "were", "did", "had", "ago", "happened");
}
