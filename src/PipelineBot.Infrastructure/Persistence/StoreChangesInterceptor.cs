using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PipelineBot.Infrastructure.Persistence;

/// <summary>
/// Announces to <see cref="StoreChanges"/> what each unit of work changed, once it is committed: the topics are read from
/// the tracked rows when saving, held while a transaction is open, announced at its commit and dropped at a rollback.
/// Every service's writes are covered without any of them having to remember to say so.
/// </summary>
public sealed class StoreChangesInterceptor(StoreChanges changes) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, StrongBox<ChangeTopics>> _pending = [];

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Hold(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Hold(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        SavedOutsideTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        SavedOutsideTransaction(eventData.Context);
        return result;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Announce(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Announce(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Drop(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Drop(eventData.Context);

    public void SaveChangesFailed(DbContextErrorEventData eventData) => DropOutsideTransaction(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        DropOutsideTransaction(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>The topics a row's change concerns.</summary>
    public static ChangeTopics Of(EntityEntry entry) => entry?.Entity switch
    {
        HolidayAssignmentRow or OverrideRow => ChangeTopics.Schedule,
        IncidentRow => ChangeTopics.Incidents,
        IncidentClockRow or RerunRow or OperationRow => ChangeTopics.Clocks,
        NoticeRow when entry.State == EntityState.Added => ChangeTopics.Notices,
        _ => ChangeTopics.None,
    };

    private void Hold(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var topics = ChangeTopics.None;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                topics |= Of(entry);
            }
        }

        if (topics != ChangeTopics.None)
        {
            _pending.GetOrCreateValue(context).Value |= topics;
        }
    }

    private void SavedOutsideTransaction(DbContext? context)
    {
        // Without a transaction of the caller's, SaveChanges has committed its own by now.
        if (context?.Database.CurrentTransaction is null)
        {
            Announce(context);
        }
    }

    private void DropOutsideTransaction(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
        {
            Drop(context);
        }
    }

    private void Announce(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var held))
        {
            _pending.Remove(context);
            changes.Committed(held.Value);
        }
    }

    private void Drop(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }
}
