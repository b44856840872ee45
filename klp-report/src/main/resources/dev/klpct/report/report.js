// Draws the charts of the klpct comparison report from the JSON in #klpct-data with Chart.js,
// and opens a counterexample's <details> when a VIOLATED cell links to it. Each chart container
// gets data-rendered="true" once Chart.js has drawn it on a canvas of non-zero size; <body>
// gets data-ready="true" when this script has run to its end.
(function () {
  'use strict';
  var PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#9c755f', '#e15759', '#76b7b2'];

  Chart.register({
    id: 'klpctRendered',
    afterRender: function (chart) {
      if (chart.width > 0 && chart.height > 0) {
        var box = chart.canvas.parentNode;
        box.setAttribute('data-rendered', 'true');
        box.setAttribute('data-size', Math.round(chart.width) + 'x' + Math.round(chart.height));
      }
    }
  });

  // Whiskers at score - error .. score + error on horizontal bars (the value axis is x). The
  // axis is made to span every whisker (see scoreChart), and drawing is clipped to the chart
  // area besides; the container's data-errors-inside says whether every whisker fits the axis.
  var errorBars = {
    id: 'klpctErrorBars',
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx;
      var x = chart.scales.x;
      var area = chart.chartArea;
      var inside = true;
      chart.data.datasets.forEach(function (ds, i) {
        var meta = chart.getDatasetMeta(i);
        if (!ds.errors || meta.hidden) {
          return;
        }
        ds.data.forEach(function (v, j) {
          var e = ds.errors[j];
          if (v !== null && e !== null && e > 0 && (v + e > x.max || v - e < x.min)) {
            inside = false;
          }
        });
        ctx.save();
        ctx.beginPath();
        ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
        ctx.clip();
        ctx.strokeStyle = '#222';
        ctx.lineWidth = 1.5;
        meta.data.forEach(function (bar, j) {
          var v = ds.data[j];
          var e = ds.errors[j];
          if (v === null || e === null || !(e > 0)) {
            return;
          }
          var lo = x.getPixelForValue(v - e);
          var hi = x.getPixelForValue(v + e);
          var h = Math.min(8, bar.height / 3);
          ctx.beginPath();
          ctx.moveTo(lo, bar.y);
          ctx.lineTo(hi, bar.y);
          ctx.moveTo(lo, bar.y - h);
          ctx.lineTo(lo, bar.y + h);
          ctx.moveTo(hi, bar.y - h);
          ctx.lineTo(hi, bar.y + h);
          ctx.stroke();
        });
        ctx.restore();
      });
      chart.canvas.parentNode.setAttribute('data-errors-inside', String(inside));
    }
  };

  // Reads a number as a person would: thousands separators, at most three decimals.
  function readable(v) {
    return v === null ? '' : v.toLocaleString('en-US', { maximumFractionDigits: 3 });
  }

  function rangeChart(spec, canvas) {
    return new Chart(canvas, {
      type: 'bar',
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (ds, i) {
          return {
            label: ds.label,
            data: ds.data,
            backgroundColor: PALETTE[i % PALETTE.length],
            minBarLength: 3
          };
        })
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: {
          y: { beginAtZero: true, grace: '10%', ticks: { precision: 0 }, title: { display: true, text: spec.axis + ' (min..max)' } },
          x: { title: { display: true, text: 'strategy' } }
        },
        plugins: {
          legend: { display: true, title: { display: true, text: 'memory model' } },
          tooltip: {
            callbacks: {
              label: function (c) {
                var r = c.raw;
                return c.dataset.label + ': ' + (r[0] === r[1] ? r[0] : r[0] + '..' + r[1]);
              }
            }
          }
        }
      }
    });
  }

  function scoreChart(spec, canvas) {
    // The value axis spans every whisker, so that no error bar runs off the chart.
    var hi = 0;
    var lo = 0;
    spec.datasets.forEach(function (ds) {
      ds.data.forEach(function (v, j) {
        var e = ds.errors[j] || 0;
        if (v !== null) {
          hi = Math.max(hi, v + e);
          lo = Math.min(lo, v - e);
        }
      });
    });
    return new Chart(canvas, {
      type: 'bar',
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (ds) {
          return { label: ds.label, data: ds.data, errors: ds.errors, backgroundColor: PALETTE[0] };
        })
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        indexAxis: 'y',
        scales: {
          x: {
            beginAtZero: true,
            suggestedMin: lo,
            suggestedMax: hi,
            title: { display: true, text: spec.axis },
            ticks: { callback: function (v) { return readable(v); } }
          }
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (c) {
                var e = c.dataset.errors[c.dataIndex];
                return readable(c.raw) + (e === null ? '' : ' \u00b1 ' + readable(e)) + ' ' +
                  spec.axis;
              }
            }
          }
        }
      },
      plugins: [errorBars]
    });
  }

  var data = JSON.parse(document.getElementById('klpct-data').textContent);
  data.charts.forEach(function (spec) {
    try {
      var box = document.getElementById(spec.id);
      if (!box) {
        throw new Error('no chart container ' + spec.id);
      }
      var canvas = box.querySelector('canvas');
      (spec.kind === 'score' ? scoreChart : rangeChart)(spec, canvas);
    } catch (e) {
      window.klpctReportError(spec.id + ': ' + e);
    }
  });

  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el && el.tagName === 'DETAILS') {
      el.open = true;
    }
  }
  window.addEventListener('hashchange', openTarget);
  // A second click on the same link changes no hash, so open on click as well.
  document.querySelectorAll('a.cx-link').forEach(function (a) {
    a.addEventListener('click', function () {
      var el = document.getElementById(a.getAttribute('href').slice(1));
      if (el) {
        el.open = true;
      }
    });
  });
  openTarget();

  // How far each scrolling box and the page overflow horizontally, in pixels (0: it fits): what
  // the browser test checks at a laptop's width.
  document.querySelectorAll('.scroll').forEach(function (box) {
    box.setAttribute('data-overflow', String(Math.max(0, box.scrollWidth - box.clientWidth)));
  });
  document.body.setAttribute('data-page-overflow',
    String(Math.max(0, document.documentElement.scrollWidth - window.innerWidth)));

  document.body.setAttribute('data-ready', 'true');
})();
