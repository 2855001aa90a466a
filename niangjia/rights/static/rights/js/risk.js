// 劳动关系风险 charts. Labels come from data-* attributes (translated in the template); no inline script (CSP).
(function () {
  const L = document.getElementById('risk-chart').dataset;
  const d = JSON.parse(document.getElementById('risk-data').textContent);
  const c = echarts.init(document.getElementById('risk-chart'));
  c.setOption({tooltip: {}, grid: {left: 30, right: 10, top: 20, bottom: 25},
    xAxis: {type: 'category', data: [L.red, L.yellow, L.green]}, yAxis: {type: 'value', minInterval: 1},
    series: [{type: 'bar', barMaxWidth: 48, data: [{value: d.red, itemStyle: {color: '#dc3545'}},
      {value: d.yellow, itemStyle: {color: '#ffc107'}}, {value: d.green, itemStyle: {color: '#198754'}}],
      label: {show: true, position: 'top'}}]});
  const a = JSON.parse(document.getElementById('risk-area-data').textContent);
  const m = echarts.init(document.getElementById('risk-area-chart'));
  const s = (name, key, color) => ({name, type: 'bar', stack: 'risk', barMaxWidth: 28, data: a[key], itemStyle: {color}});
  m.setOption({tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 10, right: 20, top: 30, bottom: 10, containLabel: true},
    xAxis: {type: 'value', minInterval: 1}, yAxis: {type: 'category', inverse: true, data: a.areas},
    series: [s(L.red, 'red', '#dc3545'), s(L.yellow, 'yellow', '#ffc107'), s(L.green, 'green', '#198754')]});
  window.addEventListener('resize', () => { c.resize(); m.resize(); });
})();
