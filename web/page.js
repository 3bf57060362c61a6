// The local web chat page: choose who you are from the catalog, then talk to the bot through the Direct Line
// endpoint the bot serves itself. The bot takes the speaker from the token, never from the activity. Web Chat sends
// the browser's time zone on every activity (localTimezone), so times come back in it.
//
// The page keeps one conversation per member it has been. Switching away unmounts Web Chat, which closes that
// conversation's stream, so the bot holds the member's notices rather than posting them where nobody looks; switching
// back resumes the conversation from its start, with what it showed before and what was held for the member meanwhile.
(function () {
  'use strict';

  const directLineDomain = new URL('v3/directline', document.baseURI).href.replace(/\/$/, '');
  // Direct Line tokens live 30 minutes; DirectLineJS refreshes the one on screen, the page its own copies.
  const tokenRefreshMilliseconds = 15 * 60 * 1000;
  const picker = document.getElementById('member');
  const chat = document.getElementById('chat');
  const status = document.getElementById('status');
  // Member id → { conversationId, token }: the conversation the page has had as them.
  const conversations = new Map();
  let directLine;
  let switches = 0;

  function showProblem(text) {
    status.textContent = text;
    status.hidden = !text;
  }

  // A fresh token for the conversation the page has had as a member; null when it has none, or when the bot no longer
  // has it (a restart, two idle hours) or its token lapsed, which forgets it.
  async function refresh(memberId) {
    const kept = conversations.get(memberId);
    if (!kept) {
      return null;
    }

    const response = await fetch(directLineDomain + '/tokens/refresh', {
      method: 'POST',
      headers: { Authorization: 'Bearer ' + kept.token }
    });
    if (!response.ok) {
      conversations.delete(memberId);
      return null;
    }

    const { conversationId, token } = await response.json();
    conversations.set(memberId, { conversationId, token });
    return { conversationId, token };
  }

  async function generate(member) {
    const response = await fetch(directLineDomain + '/tokens/generate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: { id: member.id, name: member.name } })
    });
    if (!response.ok) {
      showProblem('The bot would not start a conversation (HTTP ' + response.status + ').');
      return null;
    }

    const { conversationId, token } = await response.json();
    conversations.set(member.id, { conversationId, token });
    return { conversationId, token };
  }

  async function startConversationAs(member) {
    // Of two switches in flight, the later one wins, so the page never speaks as someone the picker does not show.
    const switchNumber = ++switches;
    showProblem('');
    if (directLine) {
      // The member being left stops reading now: the bot holds their notices from here on.
      directLine.end();
    }

    const resumed = await refresh(member.id);
    const conversation = resumed || (await generate(member));
    if (!conversation || switchNumber !== switches) {
      return;
    }

    directLine = window.WebChat.createDirectLine({
      domain: directLineDomain,
      token: conversation.token,
      webSocket: true,
      // With a conversation id DirectLineJS resumes it (GET conversations/{id}), replaying from this watermark.
      ...(resumed && { conversationId: resumed.conversationId, watermark: '0' })
    });
    // A key per conversation makes React unmount the previous Web Chat instead of handing it another Direct Line,
    // which Web Chat is not meant to take while mounted.
    window.WebChat.renderWebChat(
      {
        key: conversation.conversationId,
        directLine,
        userID: member.id,
        username: member.name,
        locale: navigator.language,
        styleOptions: { hideUploadButton: true }
      },
      chat
    );
    document.title = 'PipelineBot — ' + member.name;
  }

  async function load() {
    const response = await fetch('webchat/members');
    if (!response.ok) {
      showProblem('Could not load the team (HTTP ' + response.status + ').');
      return;
    }

    const members = await response.json();
    picker.replaceChildren(
      ...members.map(m => {
        const option = document.createElement('option');
        option.value = m.id;
        option.textContent = m.name;
        return option;
      })
    );
    const remembered = localStorage.getItem('pipelinebot.member');
    if (members.some(m => m.id === remembered)) {
      picker.value = remembered;
    }

    picker.disabled = false;
    picker.addEventListener('change', () => {
      localStorage.setItem('pipelinebot.member', picker.value);
      startConversationAs(members.find(m => m.id === picker.value)).catch(error => showProblem(String(error)));
    });
    // A refresh that fails for the network is tried again next round; one that finds the conversation gone forgets it.
    setInterval(() => conversations.forEach((_, memberId) => refresh(memberId).catch(() => {})), tokenRefreshMilliseconds);
    await startConversationAs(members.find(m => m.id === picker.value));
  }

  load().catch(error => showProblem(String(error)));
})();
