// 帮扶动态监测 trend chart (no inline script: CSP).
(function () {
  const d = JSON.parse(JSON.parse(document.getElementById('trend-data').textContent));
  const c = echarts.init(document.getElementById('trend'));
  c.setOption({tooltip: {trigger: 'axis'}, legend: {}, xAxis: {type: 'category', data: d.days}, yAxis: {type: 'value'}, series: d.series});
})();
