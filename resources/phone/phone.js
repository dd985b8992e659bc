/* CX Desk phone page: join a room on the consultant's laptop and answer one statement at a time.
   Plain ES2017 for Safari iOS 16+ and Chrome Android; no build step, no external assets. Every
   text that comes from the room or the person is set with textContent, never as markup. */
(function () {
  'use strict';

  var TOKEN_KEY = 'cxdesk_room_token';
  var RETRY_MS = [1000, 2000, 4000, 8000, 15000];

  var token = readToken();
  var pin = new URLSearchParams(location.search).get('pin') || '';
  var state = null; // the last /api/state the server sent
  var answers = {}; // statement id -> score the server confirmed
  var inFlight = null; // {statement, score} being saved
  var queued = null; // the newest tap while another was being saved: sent after it
  var saveError = null; // {statement, words} of the last refused or failed save
  var stream = null;
  var retries = 0;
  var retryTimer = null;
  var finished = false; // removed or ended: stop talking to the server
  var removedShown = false; // removed, stream still open: the presenter may undo it

  function $(id) { return document.getElementById(id); }

  function readToken() {
    try { return localStorage.getItem(TOKEN_KEY) || ''; } catch (e) { return ''; }
  }

  function keepToken(value) {
    token = value || '';
    // The iOS captive-portal browser may drop the cookie, so the token lives here too.
    try {
      if (token) localStorage.setItem(TOKEN_KEY, token); else localStorage.removeItem(TOKEN_KEY);
    } catch (e) { /* private mode: the cookie still works */ }
  }

  // -- talking to the laptop ------------------------------------------------------------

  function api(method, path, body) {
    var headers = { 'Accept': 'application/json' };
    if (token) headers['X-CXDesk-Token'] = token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store'
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data || {} };
      });
    });
  }

  function words(reply, fallback) {
    var text = reply && reply.data && reply.data.error;
    return typeof text === 'string' && text ? text : fallback;
  }

  function showConnection(lost) {
    $('connection').hidden = !lost || finished;
  }

  function retryLater() {
    if (retryTimer || finished) return;
    var wait = RETRY_MS[Math.min(retries, RETRY_MS.length - 1)];
    retries += 1;
    retryTimer = setTimeout(function () { retryTimer = null; refresh(); }, wait);
  }

  function refresh() {
    if (finished) return;
    api('GET', '/api/state').then(function (reply) {
      if (reply.status === 200) {
        retries = 0;
        showConnection(false);
        applyState(reply.data);
        openStream();
        sendNext();
      } else if (reply.status === 401) {
        closeStream();
        keepToken('');
        state = null;
        showPage(pin ? 'name' : 'pin');
      } else if (reply.status === 410) {
        gone(words(reply, 'This session no longer takes answers from this phone.'), reply.data);
      } else {
        showConnection(true);
        retryLater();
      }
    }, function () {
      showConnection(true);
      retryLater();
    });
  }

  function openStream() {
    if (finished || typeof EventSource === 'undefined') return;
    if (stream && stream.readyState !== EventSource.CLOSED) return;
    closeStream();
    // EventSource cannot send headers: the token goes in the query (the cookie may be gone).
    stream = new EventSource('/api/events' + (token ? '?token=' + encodeURIComponent(token) : ''));
    stream.addEventListener('open', function () { retries = 0; showConnection(false); });
    stream.addEventListener('state', function (event) {
      // After "removed" a state event means the presenter undid it: the room again.
      if (removedShown) { removedShown = false; finished = false; }
      showConnection(false);
      try { applyState(JSON.parse(event.data)); } catch (e) { /* a torn message: the next one mends it */ }
    });
    stream.addEventListener('removed', function (event) {
      var said = '';
      try { said = JSON.parse(event.data).error || ''; } catch (e) { /* no words: use ours */ }
      removed(said || 'The presenter removed you from this session.');
    });
    stream.addEventListener('error', function () {
      showConnection(true);
      // The browser retries a dropped stream itself; a refused one (401, 410) stays closed.
      if (stream && stream.readyState === EventSource.CLOSED) {
        closeStream();
        retryLater();
      }
    });
  }

  function closeStream() {
    if (stream) { stream.close(); stream = null; }
  }

  // -- joining --------------------------------------------------------------------------

  function join(name) {
    var button = $('join');
    button.disabled = true;
    var body = { pin: pin, name: name };
    if (token) body.token = token;
    api('POST', '/api/join', body).then(function (reply) {
      button.disabled = false;
      if (reply.status === 200 && reply.data.token) {
        keepToken(reply.data.token);
        refresh();
      } else if (reply.status === 403 || reply.status === 429) {
        showError('pin-error', words(reply, 'That PIN did not work. Check the screen and try again.'));
        $('pin').value = pin;
        showPage('pin');
      } else {
        showError('name-error', '');
        $('error-text').textContent = words(reply, 'The room did not let this phone in.');
        showPage('error');
      }
    }, function () {
      button.disabled = false;
      showError('name-error', 'Cannot reach the presenter\u2019s laptop. Check that you are on the room\u2019s Wi-Fi.');
    });
  }

  function showError(id, text) {
    var node = $(id);
    node.textContent = text;
    node.hidden = !text;
  }

  // -- answering ------------------------------------------------------------------------

  function answer(score) {
    if (!state || state.phase !== 'open' || !state.statement) return;
    var id = state.statement.id;
    saveError = null;
    queued = { statement: id, score: score };
    render();
    sendNext();
  }

  // One save at a time, so the last tap is the last write the server sees.
  function sendNext() {
    if (inFlight || !queued || finished) return;
    inFlight = queued;
    queued = null;
    var sent = inFlight;
    api('POST', '/api/answer', { statement: sent.statement, score: sent.score }).then(function (reply) {
      inFlight = null;
      if (reply.status === 200) {
        answers[String(sent.statement)] = sent.score;
      } else if (reply.status === 410) {
        gone(words(reply, 'This session no longer takes answers from this phone.'), reply.data);
        return;
      } else {
        if (!queued || queued.statement !== sent.statement) {
          saveError = { statement: sent.statement, words: words(reply, 'Your answer was not saved.') };
        }
        if (reply.status === 401 || reply.status === 409) refresh();
      }
      render();
      sendNext();
    }, function () {
      // Offline: keep the tap and send it when the laptop answers again.
      inFlight = null;
      if (!queued) queued = sent;
      showConnection(true);
      render();
      retryLater();
    });
  }

  // -- what the page shows --------------------------------------------------------------

  function applyState(next) {
    if (!next || typeof next !== 'object') return;
    state = next;
    var given = next.answers || {};
    answers = {};
    Object.keys(given).forEach(function (id) { answers[id] = given[id]; });
    render();
  }

  function showPage(name) {
    var pages = document.querySelectorAll('.page');
    for (var i = 0; i < pages.length; i += 1) pages[i].hidden = pages[i].id !== 'page-' + name;
    if (name === 'pin') setTimeout(function () { $('pin').focus(); }, 0);
  }

  function progressText(statement) {
    return 'Statement ' + statement.number + ' of ' + statement.count;
  }

  function render() {
    if (!state || finished) return;
    $('title').textContent = state.title || '';
    var statement = state.statement;
    if (state.phase === 'ended') {
      closeStream();
      thank();
    } else if (survey && survey.handles(state)) {
      survey.render(state); // a RATER survey or pulse check: each phone its own form
    } else if (!statement || state.phase === 'lobby') {
      renderWaiting();
    } else if (state.phase === 'open') {
      renderStatement(statement);
    } else {
      renderClosed(statement);
    }
  }

  function renderWaiting() {
    var given = Object.keys(answers).length;
    var at = state.statement;
    $('waiting-heading').textContent = given ? 'Waiting for the next statement' : 'You\u2019re in';
    $('waiting-text').textContent = at
      ? 'The room is on statement ' + at.number + ' of ' + at.count + '.'
      : given ? 'The next statement will appear here.' : 'Waiting for the room to start.';
    $('waiting-name').textContent = state.name ? 'Joined as ' + state.name : '';
    showPage('waiting');
  }

  function chosen(id) {
    if (queued && queued.statement === id) return queued.score;
    if (inFlight && inFlight.statement === id) return inFlight.score;
    var score = answers[String(id)];
    return typeof score === 'number' ? score : null;
  }

  function renderStatement(statement) {
    $('progress').textContent = progressText(statement);
    $('statement').textContent = statement.text;
    var scale = state.scale || { min: 1, max: 5, labels: {} };
    var pick = chosen(statement.id);
    var box = $('scale');
    var labelled = everyScoreLabelled(scale);
    var count = scale.max - scale.min + 1;
    // Every score named: a list of big buttons with their words. Otherwise a row (a grid
    // past 7 points) of numbers, the end labels under it.
    box.className = labelled ? 'scale list' : 'scale row cols-' + (count <= 7 ? count : 6);
    // Rebuilt only when the statement or scale changes, so a tap never loses its button.
    var key = statement.id + ':' + scale.min + ':' + scale.max;
    if (box.getAttribute('data-key') !== key) {
      box.textContent = '';
      box.setAttribute('data-key', key);
      for (var score = scale.min; score <= scale.max; score += 1) {
        box.appendChild(scoreButton(score, scale, labelled));
      }
      if (!labelled) box.appendChild(endLabels(scale));
    }
    var buttons = box.querySelectorAll('button');
    for (var i = 0; i < buttons.length; i += 1) {
      var on = Number(buttons[i].getAttribute('data-score')) === pick;
      buttons[i].classList.toggle('chosen', on);
      buttons[i].setAttribute('aria-pressed', on ? 'true' : 'false');
    }
    renderSaved(statement.id, pick);
    showPage('statement');
  }

  function everyScoreLabelled(scale) {
    if (scale.max - scale.min + 1 > 7 || !scale.labels) return false;
    for (var score = scale.min; score <= scale.max; score += 1) {
      if (!scale.labels[String(score)]) return false;
    }
    return true;
  }

  function scoreButton(score, scale, labelled) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'score';
    button.setAttribute('data-score', String(score));
    var number = document.createElement('span');
    number.className = 'number';
    number.textContent = String(score);
    button.appendChild(number);
    var label = scale.labels ? scale.labels[String(score)] : '';
    if (label && !labelled) button.setAttribute('aria-label', score + ' \u2013 ' + label);
    if (label && labelled) {
      var text = document.createElement('span');
      text.className = 'label';
      text.dir = 'auto';
      text.textContent = label;
      button.appendChild(text);
    }
    button.addEventListener('click', function () { answer(score); });
    return button;
  }

  function endLabels(scale) {
    var row = document.createElement('div');
    row.className = 'ends';
    [scale.min, scale.max].forEach(function (score) {
      var text = document.createElement('span');
      text.dir = 'auto';
      var label = scale.labels ? scale.labels[String(score)] : '';
      text.textContent = label ? score + ' \u2013 ' + label : '';
      row.appendChild(text);
    });
    return row;
  }

  function renderSaved(id, pick) {
    var line = $('saved');
    var hint = '';
    var saving = (queued && queued.statement === id) || (inFlight && inFlight.statement === id);
    line.className = 'saved';
    if (saveError && saveError.statement === id && !saving) {
      line.classList.add('problem');
      line.textContent = saveError.words;
    } else if (saving) {
      line.classList.add('pending');
      line.textContent = 'Saving\u2026';
    } else if (pick !== null) {
      line.classList.add('ok');
      line.textContent = 'Answer saved';
      hint = 'You can change it until voting closes.';
    } else {
      line.classList.add('idle');
      line.textContent = 'Tap your answer.';
    }
    $('saved-hint').textContent = hint;
  }

  function renderClosed(statement) {
    $('closed-progress').textContent = progressText(statement);
    $('closed-statement').textContent = statement.text;
    var score = answers[String(statement.id)];
    var card = $('closed-answer');
    card.textContent = '';
    card.className = 'answer-card';
    if (typeof score === 'number') {
      var number = document.createElement('span');
      number.className = 'number';
      number.textContent = String(score);
      card.appendChild(number);
      var label = state.scale && state.scale.labels ? state.scale.labels[String(score)] : '';
      if (label) {
        var text = document.createElement('span');
        text.dir = 'auto';
        text.textContent = label;
        card.appendChild(text);
      }
    } else {
      card.classList.add('none');
      card.textContent = 'You did not answer this one.';
    }
    showPage('closed');
  }

  function thank() {
    $('thanks-text').textContent = Object.keys(answers).length
      ? 'Your answers are saved.'
      : 'This session has ended.';
    showPage('thanks');
  }

  function removed(text) {
    finished = true;
    // The stream stays open: the presenter may undo the removal (a state event follows).
    removedShown = true;
    showConnection(false);
    var heading = 'You were removed';
    $('removed-heading').textContent = heading;
    // The server's words may say the heading again: then they add nothing.
    var same = text.toLowerCase().indexOf(heading.toLowerCase()) === 0;
    $('removed-text').textContent = same ? '' : text;
    showPage('removed');
  }

  function gone(text, data) {
    if ((data && data.reason === 'ended') || (state && state.phase === 'ended')) {
      finished = true;
      removedShown = false;
      closeStream();
      showConnection(false);
      thank();
      return;
    }
    removed(text);
  }

  // The survey forms (survey.js), given what they share with the quiz.
  var survey = window.CXDeskSurvey ? window.CXDeskSurvey({
    $: $, api: api, words: words, showPage: showPage, gone: gone, refresh: refresh,
    showConnection: showConnection, retryLater: retryLater
  }) : null;

  // -- wiring ---------------------------------------------------------------------------

  $('pin-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var typed = $('pin').value.replace(/\s+/g, '');
    if (!typed) { showError('pin-error', 'Type the PIN shown on the screen.'); return; }
    pin = typed;
    showError('pin-error', '');
    showPage('name');
    setTimeout(function () { $('name').focus(); }, 0);
  });

  $('name-form').addEventListener('submit', function (event) {
    event.preventDefault();
    join($('name').value.trim());
  });

  $('retry').addEventListener('click', function () { showPage(pin ? 'name' : 'pin'); });

  // A phone that slept or changed network catches up at once instead of waiting for the stream.
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') { closeStream(); refresh(); }
  });
  window.addEventListener('online', function () { closeStream(); refresh(); });
  // Off the network the stream is dead even if the browser has not noticed yet: drop it and
  // keep asking (backing off) until the laptop answers again.
  window.addEventListener('offline', function () { closeStream(); showConnection(true); retryLater(); });

  refresh();
})();
