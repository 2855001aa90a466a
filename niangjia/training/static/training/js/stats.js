// 云课堂 statistics charts (no inline script: CSP).
(function () {
  const d = JSON.parse(document.getElementById('training-chart').textContent);
  function bars(id, rows) {
    const el = document.getElementById(id);
    if (!el || !rows.length) return;
    const chart = echarts.init(el);
    chart.setOption({tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 40, right: 40, bottom: 90},
      xAxis: {type: 'category', data: rows.map(r => r.name), axisLabel: {rotate: 30, interval: 0}},
      yAxis: [{type: 'value'}, {type: 'value', name: d.labels.hours}],
      series: [
        {name: d.labels.visits, type: 'bar', data: rows.map(r => r.visits)},
        {name: d.labels.completions, type: 'bar', data: rows.map(r => r.completions)},
        {name: d.labels.hours, type: 'line', yAxisIndex: 1, data: rows.map(r => r.hours)}]});
    window.addEventListener('resize', () => chart.resize());
  }
  bars('chart-courses', d.courses);
  bars('chart-orgs', d.orgs);
})();
