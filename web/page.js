// The local web chat page: choose who you are from the catalog, then talk to the bot through the Direct Line
// endpoint the bot serves itself. Each choice starts a new conversation whose token names that member; the bot takes
// the speaker from the token, never from the activity. Web Chat sends the browser's time zone on every activity
// (localTimezone), so times come back in it.
(function () {
  'use strict';

  const directLineDomain = new URL('v3/directline', document.baseURI).href.replace(/\/$/, '');
  const picker = document.getElementById('member');
  const chat = document.getElementById('chat');
  const status = document.getElementById('status');
  let directLine;

  function showProblem(text) {
    status.textContent = text;
    status.hidden = !text;
  }

  async function startConversationAs(member) {
    showProblem('');
    if (directLine) {
      directLine.end();
    }

    const response = await fetch(directLineDomain + '/tokens/generate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: { id: member.id, name: member.name } })
    });
    if (!response.ok) {
      showProblem('The bot would not start a conversation (HTTP ' + response.status + ').');
      return;
    }

    const { token } = await response.json();
    directLine = window.WebChat.createDirectLine({ domain: directLineDomain, token, webSocket: true });
    // A fresh element per conversation: Web Chat is not meant to change its Direct Line while mounted.
    const host = document.createElement('div');
    chat.replaceChildren(host);
    window.WebChat.renderWebChat(
      {
        directLine,
        userID: member.id,
        username: member.name,
        locale: navigator.language,
        styleOptions: { hideUploadButton: true }
      },
      host
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
      startConversationAs(members.find(m => m.id === picker.value));
    });
    await startConversationAs(members.find(m => m.id === picker.value));
  }

  load().catch(error => showProblem(String(error)));
})();
