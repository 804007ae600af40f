// Charts of the oversight dashboards. Served as /assets/dashboard.js and loaded with
// <script type="module"> after the classic /assets/chart.umd.js (which sets window.Chart).
// The Content-Security-Policy forbids inline scripts, so each chart reads its figures from a
// data- attribute the server writes:
//
//   <canvas data-cg-chart='{"kind":"bar","labels":[...],"datasets":[...],...}'
//           role="img" aria-label="..."></canvas>
//
//   kind        "bar" (default) or "doughnut"
//   labels      the category labels (statuses, editions, regions, items ...)
//   datasets    list of { label, data: [numbers], status? } where status (not_published,
//               not_met, approaching, met, exceeded) picks the colour used for that status
//               everywhere
//   horizontal  bars run left to right (long labels)
//   stacked     datasets stack on one bar per label
//   percent     values are percentages (axis to 100, "%" in tooltips)
//   unit        text after the number in tooltips when not a percentage ("organisations")
//
// The same figures are always in a table beside the chart, so the page is complete without
// JavaScript and for screen readers; the canvas has role="img" and a label that says so.

const STATUS_COLOURS = {
  not_published: '#768692', // NHS mid grey
  not_met: '#d5281b', // NHS red
  approaching: '#ffb81c', // NHS warm yellow
  met: '#007f3b', // NHS green
  exceeded: '#005eb8', // NHS blue
};
const SERIES_COLOURS = ['#005eb8', '#330072', '#ae2573', '#00a499', '#ed8b00', '#425563'];

function colourOf(dataset, index) {
  return STATUS_COLOURS[dataset.status] || SERIES_COLOURS[index % SERIES_COLOURS.length];
}

function configFor(spec) {
  const kind = spec.kind === 'doughnut' ? 'doughnut' : 'bar';
  const unit = spec.percent ? '%' : spec.unit ? ` ${spec.unit}` : '';
  const datasets = (spec.datasets || []).map((d, i) => {
    const colour = colourOf(d, i);
    const out = { label: d.label, data: d.data };
    if (kind === 'doughnut') {
      out.backgroundColor = (d.colours || []).map((s, j) => STATUS_COLOURS[s] || SERIES_COLOURS[j % SERIES_COLOURS.length]);
      out.borderColor = '#ffffff';
    } else {
      out.backgroundColor = colour;
      out.borderColor = colour;
    }
    return out;
  });
  const options = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: {
      legend: { display: kind === 'doughnut' || datasets.length > 1, position: 'bottom' },
      tooltip: {
        callbacks: {
          label: (ctx) => {
            const value = kind === 'bar' ? (spec.horizontal ? ctx.parsed.x : ctx.parsed.y) : ctx.parsed;
            const name = ctx.dataset.label || ctx.label;
            return `${name}: ${value}${unit}`;
          },
        },
      },
    },
  };
  if (kind === 'bar') {
    const valueAxis = { beginAtZero: true, stacked: !!spec.stacked, ticks: { precision: 0 } };
    if (spec.percent) {
      valueAxis.max = 100;
      valueAxis.ticks.callback = (v) => `${v}%`;
    }
    const categoryAxis = { stacked: !!spec.stacked, ticks: { autoSkip: false } };
    options.indexAxis = spec.horizontal ? 'y' : 'x';
    options.scales = spec.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis };
  }
  return { type: kind, data: { labels: spec.labels || [], datasets }, options };
}

function draw(canvas) {
  if (canvas.hasAttribute('data-cg-chart-init')) return;
  canvas.setAttribute('data-cg-chart-init', '');
  let spec;
  try {
    spec = JSON.parse(canvas.getAttribute('data-cg-chart') || '{}');
  } catch {
    return; // the table beside it still shows the figures
  }
  // eslint-disable-next-line no-new
  new window.Chart(canvas, configFor(spec));
  const figure = canvas.closest('.cg-chart');
  if (figure) figure.classList.add('cg-chart--drawn');
}

function init(scope = document) {
  if (typeof window.Chart !== 'function') return;
  window.Chart.defaults.font.family = 'Arial, sans-serif';
  window.Chart.defaults.font.size = 14;
  window.Chart.defaults.color = '#212b32';
  scope.querySelectorAll('canvas[data-cg-chart]').forEach(draw);
}

init();
