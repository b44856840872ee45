// Script errors become visible text in #js-errors (and so in a headless browser's DOM dump),
// including those raised before <body> exists, which wait for DOMContentLoaded.
(function () {
  'use strict';
  var pending = [];
  function show() {
    var box = document.getElementById('js-errors');
    if (!box) {
      return;
    }
    while (pending.length) {
      var p = document.createElement('p');
      p.className = 'js-error';
      p.textContent = 'Script error: ' + pending.shift();
      box.appendChild(p);
      box.hidden = false;
    }
  }
  window.klpctReportError = function (message) {
    pending.push(String(message));
    show();
  };
  window.addEventListener('error', function (e) {
    window.klpctReportError((e.message || 'error') + (e.lineno ? ' (line ' + e.lineno + ')' : ''));
  });
  window.addEventListener('unhandledrejection', function (e) {
    window.klpctReportError(e.reason);
  });
  document.addEventListener('DOMContentLoaded', show);
})();
