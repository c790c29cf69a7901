// The stream app's dashboard: polls the app's own JSON routes every POLL_MS and redraws.
// window.dashboard holds what was last drawn (the browser test compares it with the REST API).
(function () {
  'use strict';
  const POLL_MS = 1500;
  const COLORS = ['#1d232b', '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b',
    '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  const state = { updates: 0, error: null, keys: [], series: {}, hashtags: null, latest: [],
    status: null, rates: {}, charts: {} };
  window.dashboard = state;
  let previous = null;

  const $ = (id) => document.getElementById(id);
  const utc = (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC');
  const hhmm = (ms) => new Date(ms).toISOString().substring(11, 16);
  const signed = (x) => (x > 0 ? '+' : '') + x.toFixed(2);

  async function json(url) {
    const r = await fetch(url, { cache: 'no-store' });
    const body = await r.json();
    if (!r.ok) throw new Error(url + ': ' + (body.error || r.status));
    return body;
  }

  async function poll() {
    try {
      const status = await json('/api/status');
      const keys = ['all'].concat(status.terms.map((t) => 'term:' + t));
      const series = {};
      await Promise.all(keys.map(async (k) => {
        series[k] = (await json('/aggregates?key=' + encodeURIComponent(k))).windows;
      }));
      const hashtags = status.topK > 0 ? await json('/aggregates/hashtags') : null;
      const latest = (await json('/api/latest?n=20')).results;
      render(status, keys, series, hashtags, latest);
      state.error = null;
      $('error').textContent = '';
    } catch (e) {
      state.error = String(e);
      $('error').textContent = state.error;
    }
    setTimeout(poll, POLL_MS);
  }

  function render(status, keys, series, hashtags, latest) {
    Object.assign(state, { status, keys, series, hashtags, latest });
    renderStatus(status);
    renderSentiment(keys, series);
    renderVolume(series.all);
    renderLatestWindow(series.all, status.windowMs);
    renderHashtags(hashtags);
    renderLatest(latest);
    state.updates++;
  }

  function renderStatus(s) {
    $('stream-state').textContent = s.state;
    $('stream-state').className = 'badge ' + s.state;
    $('model-version').textContent = s.modelVersion;
    $('records-out').textContent = s.recordsOut;
    $('dead-lettered').textContent = s.deadLettered;
    $('late-records').textContent = s.lateRecords;
    $('window-size').textContent = (s.windowMs / 1000) + ' s window';
    if (previous && s.now > previous.now) {
      const dt = (s.now - previous.now) / 1000;
      state.rates = { in: (s.recordsIn - previous.recordsIn) / dt,
        out: (s.recordsOut - previous.recordsOut) / dt };
      $('rate-in').textContent = state.rates.in.toFixed(1);
      $('rate-out').textContent = state.rates.out.toFixed(1);
    }
    previous = s;
  }

  // One x axis (window starts, seconds) for all keys; a key without that window has a gap.
  function aligned(keys, series, value) {
    const xs = [...new Set(keys.flatMap((k) => series[k].map((w) => w.windowStart)))].sort((a, b) => a - b);
    const data = [xs.map((x) => x / 1000)];
    for (const k of keys) {
      const byStart = new Map(series[k].map((w) => [w.windowStart, w]));
      data.push(xs.map((x) => (byStart.has(x) ? value(byStart.get(x)) : null)));
    }
    return data;
  }

  function chart(name, el, seriesOpts, data, extra) {
    if (!state.charts[name]) {
      state.charts[name] = new uPlot(Object.assign({
        width: el.clientWidth || 600, height: 220, tzDate: utc, series: [{}].concat(seriesOpts),
        scales: { x: { time: true } }, legend: { live: false },
      }, extra || {}), data, el);
    } else {
      state.charts[name].setData(data);
    }
  }

  function renderSentiment(keys, series) {
    const opts = keys.map((k, i) => ({ label: k, stroke: COLORS[i % COLORS.length],
      width: k === 'all' ? 3 : 1.5, spanGaps: false, points: { show: true, size: 4 } }));
    chart('sentiment', $('chart-sentiment'), opts, aligned(keys, series, (w) => w.netSentiment),
      { scales: { x: { time: true }, y: { range: [-1, 1] } } });
  }

  function renderVolume(all) {
    const label = (name, color, field) => ({ label: name, stroke: color, width: 2, field });
    const opts = [label('negative', '#d9534f'), label('neutral', '#a0a7b0'), label('positive', '#4caf50')];
    const data = [all.map((w) => w.windowStart / 1000), all.map((w) => w.negative),
      all.map((w) => w.neutral), all.map((w) => w.positive)];
    chart('volume', $('chart-volume'), opts, data);
  }

  function renderLatestWindow(all, windowMs) {
    const w = all[all.length - 1];
    if (!w) return;
    $('latest-window-range').textContent = hhmm(w.windowStart) + '-' + hhmm(w.windowStart + windowMs) + ' UTC';
    $('latest-window-tweets').textContent = w.tweets;
    $('latest-window-net').textContent = signed(w.netSentiment);
    $('latest-window-negative').textContent = w.negative;
    $('latest-window-neutral').textContent = w.neutral;
    $('latest-window-positive').textContent = w.positive;
  }

  function bar(w) {
    const pct = (n) => (100 * n / Math.max(1, w.tweets)).toFixed(1) + '%';
    return '<div class="bar"><div class="n" style="width:' + pct(w.negative) + '"></div><div class="u" style="width:'
      + pct(w.neutral) + '"></div><div class="p" style="width:' + pct(w.positive) + '"></div></div>';
  }

  function renderHashtags(h) {
    const body = $('hashtags').querySelector('tbody');
    if (!h) { body.innerHTML = '<tr><td colspan="4">hashtags are not aggregated</td></tr>'; return; }
    $('hashtag-window').textContent = h.windowStart == null ? '' : '(' + hhmm(h.windowStart) + ' UTC)';
    body.replaceChildren(...h.hashtags.map((w) => {
      const tr = document.createElement('tr');
      tr.dataset.key = w.key;
      tr.innerHTML = '<td class="key"></td><td class="tweets">' + w.tweets + '</td><td class="net '
        + (w.netSentiment < 0 ? 'neg' : w.netSentiment > 0 ? 'pos' : '') + '">' + signed(w.netSentiment)
        + '</td><td>' + bar(w) + '</td>';
      tr.querySelector('.key').textContent = w.key;
      return tr;
    }));
  }

  function renderLatest(results) {
    $('latest').replaceChildren(...results.map((r) => {
      const li = document.createElement('li');
      li.dataset.id = r.tweetId;
      li.innerHTML = '<span class="time">' + new Date(r.eventTime).toISOString().substring(11, 19)
        + '</span><span class="label ' + r.label + '">' + r.label + '</span><span class="text"></span>';
      li.querySelector('.text').textContent = r.text;
      return li;
    }));
  }

  poll();
})();
