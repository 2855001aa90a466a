// 帮扶动态监测 trend chart (no inline script: CSP).
(function () {
  const d = JSON.parse(JSON.parse(document.getElementById('trend-data').textContent));
  const c = echarts.init(document.getElementById('trend'));
  c.setOption({title: {text: '近 90 天监测预警户数', subtext: '单位：户', left: 'center'}, tooltip: {trigger: 'axis'}, legend: {top: 48}, grid: {top: 96}, xAxis: {type: 'category', data: d.days, name: '日期'}, yAxis: {type: 'value', name: '户数', minInterval: 1}, series: d.series});
})();
