/* CX Desk phone page: the self-paced survey forms (a RATER survey, a pulse check), each phone
   filling its own at its own pace. phone.js joins the room and asks this for a room whose kind
   is "rater" or "pulse"; it passes what it shares (talking to the laptop, pages, the final
   pages). Plain ES2017, no build step; every text from the room or the person is set with
   textContent, never as markup. */
(function () {
  'use strict';

  var TEXT_PAUSE_MS = 1200; // a text answer is saved this long after the last keystroke (or on leaving it)
  var POINTS_STEP = 5;

  window.CXDeskSurvey = function (page) {
    var $ = page.$;
    var state = null;
    var pending = {}; // key -> {key, body, value}: the newest answer not yet sent, per question
    var order = []; // keys of pending answers, oldest first
    var inFlight = null; // the one answer being saved: one at a time, so the last tap is the last write
    var problems = {}; // key -> the words of its last refused save
    var justSaved = {}; // key -> true once its save was confirmed since the page opened
    var textTimers = {};
    var built = ''; // what the form was built for: rebuilt only when that changes
    var pointsTouched = false; // points typed and not yet saved: a state from the laptop leaves them be

    // -- saving, one answer at a time ----------------------------------------------------

    function queue(key, body, value) {
      if (!pending[key]) order.push(key);
      pending[key] = { key: key, body: body, value: value };
      delete problems[key];
      paint();
      flush();
    }

    function flush() {
      if (inFlight || !order.length) return;
      var key = order.shift();
      inFlight = pending[key];
      delete pending[key];
      var sent = inFlight;
      page.api('POST', '/api/answer', sent.body).then(function (reply) {
        inFlight = null;
        if (reply.status === 200) {
          confirm(sent);
          justSaved[sent.key] = true;
        } else if (reply.status === 410) {
          page.gone(page.words(reply, 'This session no longer takes answers from this phone.'), reply.data);
          return;
        } else {
          if (!pending[sent.key]) problems[sent.key] = page.words(reply, 'Not saved.');
          // Changed on the laptop, the survey closed, this phone unknown: show the room as it is.
          if (reply.status === 401 || reply.status === 409) page.refresh();
        }
        paint();
        flush();
      }, function () {
        // Offline: keep it, newest first, and send it when the laptop answers again.
        inFlight = null;
        if (!pending[sent.key]) { pending[sent.key] = sent; order.unshift(sent.key); }
        page.showConnection(true);
        paint();
        page.retryLater();
      });
    }

    // What the server confirmed becomes part of the state shown until the next state comes.
    function confirm(sent) {
      if (!state) return;
      if (state.kind === 'pulse') {
        state.answers = state.answers || {};
        state.answers[sent.key] = sent.value;
      } else if (sent.key === 'points') {
        state.points.given = sent.value;
      } else {
        var parts = sent.key.split(':');
        state.items.forEach(function (item) {
          if (String(item.id) === parts[0]) item[parts[1]] = sent.value;
        });
      }
    }

    function saving(key) {
      return Boolean(pending[key]) || Boolean(inFlight && inFlight.key === key);
    }

    // The value shown: the newest tap, else what the laptop holds.
    function shown(key, stored) {
      if (pending[key]) return pending[key].value;
      if (inFlight && inFlight.key === key) return inFlight.value;
      return stored;
    }

    // -- building the form -------------------------------------------------------------

    function el(tag, className, text) {
      var node = document.createElement(tag);
      if (className) node.className = className;
      if (text !== undefined) { node.textContent = text; node.dir = 'auto'; }
      return node;
    }

    function scoreRow(low, high, labels, name, onTap) {
      var count = high - low + 1;
      var row = el('div', 'scale row cols-' + (count <= 7 ? count : 5));
      row.setAttribute('role', 'group');
      row.setAttribute('aria-label', name);
      for (var score = low; score <= high; score += 1) {
        row.appendChild(scoreButton(score, labels, onTap));
      }
      return row;
    }

    function scoreButton(score, labels, onTap) {
      var button = el('button', 'score');
      button.type = 'button';
      button.setAttribute('data-score', String(score));
      button.appendChild(el('span', 'number', String(score)));
      var words = labels && labels[String(score)];
      if (words) button.setAttribute('aria-label', score + ' \u2013 ' + words);
      button.addEventListener('click', function () { onTap(score); });
      return button;
    }

    function ends(low, high, labels) {
      var row = el('div', 'ends');
      [low, high].forEach(function (score) {
        var words = labels && labels[String(score)];
        row.appendChild(el('span', '', words ? score + ' \u2013 ' + words : ''));
      });
      return row;
    }

    function savedLine(key) {
      var line = el('p', 'saved idle');
      line.setAttribute('data-saved', key);
      line.setAttribute('role', 'status');
      return line;
    }

    function buildRater(form) {
      var scale = state.scale;
      $('survey-intro').textContent =
        'For each one, tap what you expected and what you experienced, from ' +
        scale.min + ' (' + (scale.labels[String(scale.min)] || '') + ') to ' +
        scale.max + ' (' + (scale.labels[String(scale.max)] || '') + '). Each answer is saved as you tap it.';
      var last = '';
      state.items.forEach(function (item) {
        var card = el('div', 'item');
        if (state.scoring === 'statements' && item.dimension !== last) {
          form.appendChild(el('h2', 'dimension', item.label));
          form.appendChild(el('p', 'about', item.about));
        }
        last = item.dimension;
        if (state.scoring !== 'statements') card.appendChild(el('h2', 'dimension', item.label));
        card.appendChild(el('p', 'item-text', item.text));
        state.measures.forEach(function (measure) {
          var key = item.id + ':' + measure.id;
          var label = el('p', 'measure');
          label.appendChild(el('span', 'measure-name', measure.label));
          label.appendChild(el('span', 'measure-hint', measure.hint));
          card.appendChild(label);
          var row = scoreRow(scale.min, scale.max, scale.labels, item.label + ': ' + measure.hint, function (score) {
            queue(key, { item: item.id, measure: measure.id, score: score }, score);
          });
          row.setAttribute('data-key', key);
          card.appendChild(row);
        });
        card.appendChild(savedLine(item.id));
        form.appendChild(card);
      });
      form.appendChild(buildPoints());
    }

    function buildPoints() {
      var box = el('div', 'item points');
      box.appendChild(el('h2', 'dimension', 'Importance (optional)'));
      box.appendChild(el('p', 'item-text small',
        'Split ' + state.points.total + ' points over the five, more to what matters most to you.'));
      state.points.dimensions.forEach(function (dimension) {
        var line = el('div', 'split');
        var name = el('label', 'split-name', dimension.label);
        var id = 'points-' + dimension.id;
        name.htmlFor = id;
        var less = stepper('\u2212', 'Fewer points for ' + dimension.label, -POINTS_STEP);
        var field = el('input', 'split-field');
        field.id = id;
        field.type = 'text';
        field.inputMode = 'numeric';
        field.autocomplete = 'off';
        field.maxLength = 3;
        field.setAttribute('data-dimension', dimension.id);
        field.addEventListener('input', function () {
          field.value = field.value.replace(/[^0-9]/g, '');
          pointsTouched = true;
          paintPoints();
        });
        var more = stepper('+', 'More points for ' + dimension.label, POINTS_STEP);
        less.addEventListener('click', function () { step(field, -POINTS_STEP); });
        more.addEventListener('click', function () { step(field, POINTS_STEP); });
        line.appendChild(name);
        line.appendChild(less);
        line.appendChild(field);
        line.appendChild(more);
        box.appendChild(line);
      });
      var total = el('p', 'total');
      total.id = 'points-total';
      total.setAttribute('role', 'status');
      box.appendChild(total);
      var save = el('button', 'primary', 'Save points');
      save.type = 'button';
      save.id = 'points-save';
      save.addEventListener('click', function () {
        var split = typedPoints();
        if (!split) return;
        pointsTouched = false;
        queue('points', { points: split }, split);
      });
      box.appendChild(save);
      var clear = el('button', 'link', 'Clear my points');
      clear.type = 'button';
      clear.id = 'points-clear';
      clear.addEventListener('click', function () {
        pointsTouched = false;
        queue('points', { points: null }, null);
      });
      box.appendChild(clear);
      box.appendChild(savedLine('points'));
      return box;
    }

    function stepper(text, label, change) {
      var button = el('button', 'step');
      button.type = 'button';
      button.textContent = text;
      button.setAttribute('aria-label', label);
      button.setAttribute('data-step', String(change));
      return button;
    }

    function step(field, change) {
      var now = parseInt(field.value, 10) || 0;
      field.value = String(Math.max(0, Math.min(state.points.total, now + change)));
      pointsTouched = true;
      paintPoints();
    }

    function typedPoints() {
      var split = {};
      var sum = 0;
      var fields = document.querySelectorAll('.split-field');
      for (var i = 0; i < fields.length; i += 1) {
        var value = fields[i].value === '' ? NaN : parseInt(fields[i].value, 10);
        if (isNaN(value)) return null;
        split[fields[i].getAttribute('data-dimension')] = value;
        sum += value;
      }
      return sum === state.points.total ? split : null;
    }

    function buildPulse(form) {
      $('survey-intro').textContent = 'Four quick questions. Each answer is saved as you give it.';
      state.questions.forEach(function (question) {
        var card = el('div', 'item');
        card.appendChild(el('h2', 'question', question.text));
        if (question.type === 'score') {
          var row = scoreRow(question.min, question.max, question.labels, question.text, function (score) {
            queue(question.id, { question: question.id, value: score }, score);
          });
          row.setAttribute('data-key', question.id);
          card.appendChild(row);
          card.appendChild(ends(question.min, question.max, question.labels));
        } else {
          card.appendChild(textAnswer(question));
        }
        card.appendChild(savedLine(question.id));
        form.appendChild(card);
      });
    }

    function textAnswer(question) {
      var box = el('div', 'text-answer');
      var area = el('textarea', 'answer-text');
      area.dir = 'auto';
      area.rows = 4;
      area.maxLength = question.max;
      area.setAttribute('data-key', question.id);
      area.setAttribute('aria-label', question.text);
      var count = el('p', 'counter');
      count.setAttribute('data-counter', question.id);
      function send() {
        clearTimeout(textTimers[question.id]);
        delete textTimers[question.id];
        if (!area.classList.contains('dirty')) return;
        area.classList.remove('dirty');
        queue(question.id, { question: question.id, value: area.value }, area.value.trim());
      }
      area.addEventListener('input', function () {
        area.classList.add('dirty');
        paintCounter(area, count, question.max);
        clearTimeout(textTimers[question.id]);
        textTimers[question.id] = setTimeout(send, TEXT_PAUSE_MS);
        paintSaved(question.id, null);
      });
      area.addEventListener('blur', send);
      box.appendChild(area);
      box.appendChild(count);
      return box;
    }

    function paintCounter(area, count, max) {
      var used = area.value.length;
      count.textContent = used + ' / ' + max;
      count.classList.toggle('near', used > max * 0.9);
    }

    // -- showing the form as it is -----------------------------------------------------

    function signature(next) {
      if (next.kind === 'pulse') return 'pulse';
      return 'rater:' + next.scoring + ':' + next.items.map(function (i) { return i.id; }).join(',');
    }

    function render(next) {
      state = next;
      var key = signature(next);
      var form = $('survey-form');
      if (built !== key) {
        form.textContent = '';
        if (next.kind === 'pulse') buildPulse(form); else buildRater(form);
        built = key;
        pointsTouched = false;
      }
      paint();
      page.showPage('survey');
      flush(); // what waited for the laptop (offline, a reload) goes now
    }

    function paint() {
      if (!state) return;
      var open = state.phase === 'open';
      var keys = state.kind === 'pulse' ? paintPulse() : paintRater();
      var given = keys.filter(function (k) { return k.given; }).length;
      $('survey-progress').textContent = given + ' of ' + keys.length + ' answered';
      $('survey-bar').style.width = (keys.length ? Math.round(100 * given / keys.length) : 0) + '%';
      $('survey-name').textContent = state.name ? 'Answering as ' + state.name : '';
      $('survey-closed').hidden = open;
      var controls = $('survey-form').querySelectorAll('button, input, textarea');
      for (var i = 0; i < controls.length; i += 1) controls[i].disabled = !open;
      if (open && state.kind === 'rater') $('points-save').disabled = !typedPoints();
    }

    function paintRow(key, pick) {
      var buttons = $('survey-form').querySelectorAll('[data-key="' + key + '"] button');
      for (var i = 0; i < buttons.length; i += 1) {
        var on = Number(buttons[i].getAttribute('data-score')) === pick;
        buttons[i].classList.toggle('chosen', on);
        buttons[i].setAttribute('aria-pressed', on ? 'true' : 'false');
      }
    }

    // key -> true when the laptop holds an answer for it (saved before, on this phone)
    var stored = {};

    function paintSaved(key, keys) {
      var line = $('survey-form').querySelector('[data-saved="' + key + '"]');
      if (!line) return;
      var watched = keys || [key];
      var busy = watched.some(saving);
      var problem = null;
      watched.forEach(function (k) { if (problems[k] && !saving(k)) problem = problems[k]; });
      var area = $('survey-form').querySelector('textarea[data-key="' + key + '"]');
      var typing = area && area.classList.contains('dirty');
      line.className = 'saved';
      if (problem) {
        line.classList.add('problem');
        line.textContent = problem;
      } else if (busy || typing) {
        line.classList.add('pending');
        line.textContent = typing ? 'Not saved yet\u2026' : 'Saving\u2026';
      } else if (watched.some(function (k) { return justSaved[k] || stored[k]; })) {
        line.classList.add('ok');
        line.textContent = 'Saved';
      } else {
        line.classList.add('idle');
        line.textContent = '';
      }
    }

    function paintRater() {
      var keys = [];
      state.items.forEach(function (item) {
        var mine = [];
        state.measures.forEach(function (measure) {
          var key = item.id + ':' + measure.id;
          stored[key] = typeof item[measure.id] === 'number';
          var pick = shown(key, item[measure.id]);
          paintRow(key, typeof pick === 'number' ? pick : null);
          keys.push({ key: key, given: typeof pick === 'number' });
          mine.push(key);
        });
        paintSaved(item.id, mine);
      });
      paintPoints();
      stored.points = Boolean(state.points.given);
      paintSaved('points', ['points']);
      return keys;
    }

    function paintPoints() {
      var given = shown('points', state.points.given);
      var fields = document.querySelectorAll('.split-field');
      var i;
      if (!pointsTouched) {
        for (i = 0; i < fields.length; i += 1) {
          var dimension = fields[i].getAttribute('data-dimension');
          fields[i].value = given ? String(given[dimension]) : '';
        }
      }
      var sum = 0;
      var blank = 0;
      for (i = 0; i < fields.length; i += 1) {
        if (fields[i].value === '') blank += 1; else sum += parseInt(fields[i].value, 10) || 0;
      }
      var total = state.points.total;
      var line = $('points-total');
      line.className = 'total';
      if (blank === fields.length) {
        line.textContent = 'Total: 0 of ' + total;
      } else if (sum === total && !blank) {
        line.classList.add('ok');
        line.textContent = 'Total: ' + sum + ' of ' + total;
      } else if (sum > total) {
        line.classList.add('problem');
        line.textContent = 'Total: ' + sum + ' of ' + total + ' \u2013 ' + (sum - total) + ' too many';
      } else {
        line.classList.add('short');
        line.textContent = 'Total: ' + sum + ' of ' + total + ' \u2013 ' + (total - sum) + ' to go' +
          (blank ? ' (give each one points, 0 is fine)' : '');
      }
      var save = $('points-save');
      if (save && state.phase === 'open') save.disabled = !typedPoints();
      var clear = $('points-clear');
      if (clear) clear.hidden = !given && !pointsTouched;
    }

    function paintPulse() {
      var answers = state.answers || {};
      return state.questions.map(function (question) {
        var held = answers[question.id];
        stored[question.id] = held !== undefined && held !== null && held !== '';
        var value = shown(question.id, held);
        if (question.type === 'score') {
          paintRow(question.id, typeof value === 'number' ? value : null);
        } else {
          var area = $('survey-form').querySelector('textarea[data-key="' + question.id + '"]');
          var typing = area.classList.contains('dirty') || document.activeElement === area;
          if (!typing && !saving(question.id)) area.value = typeof value === 'string' ? value : '';
          paintCounter(area, $('survey-form').querySelector('[data-counter="' + question.id + '"]'), question.max);
        }
        paintSaved(question.id, null);
        var text = question.type === 'text';
        return { key: question.id, given: text ? Boolean(value) : typeof value === 'number' };
      });
    }

    return {
      handles: function (next) { return next.kind === 'rater' || next.kind === 'pulse'; },
      render: render
    };
  };
})();
