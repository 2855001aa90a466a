// 统计 charts on the workbench (no inline script: CSP).
(function () {
  const d = JSON.parse(document.getElementById('chart-data').textContent);
  const pie = echarts.init(document.getElementById('chart-status'));
  pie.setOption({tooltip: {trigger: 'item'}, legend: {bottom: 0}, series: [{type: 'pie', radius: ['35%', '65%'],
    data: Object.entries(d.by_status).map(([name, value]) => ({name, value})), label: {formatter: '{b}\n{c}'}}]});
  const lv = echarts.init(document.getElementById('chart-levels'));
  lv.setOption({tooltip: {}, xAxis: {type: 'category', data: d.orgs_by_level.map(x => x.name), axisLabel: {interval: 0}},
    yAxis: {type: 'value'}, series: [{type: 'bar', data: d.orgs_by_level.map(x => x.value), itemStyle: {color: '#c8102e'}, label: {show: true, position: 'top'}}]});
  const ch = echarts.init(document.getElementById('chart-children'));
  ch.setOption({tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 40, right: 10, bottom: 80},
    xAxis: {type: 'category', data: d.children, axisLabel: {rotate: 30, interval: 0}}, yAxis: {type: 'value'},
    series: d.series.map(s => ({name: s.name, type: 'bar', stack: 'total', data: s.data}))});
  window.addEventListener('resize', () => { pie.resize(); lv.resize(); ch.resize(); });
})();
