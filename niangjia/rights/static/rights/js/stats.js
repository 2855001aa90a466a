// 维权统计 charts (no inline script: CSP).
(function () {
  const d = JSON.parse(document.getElementById('stats-data').textContent);
  const a = echarts.init(document.getElementById('c-cat'));
  a.setOption({tooltip: {trigger: 'item'}, series: [{type: 'pie', radius: ['35%', '65%'],
    data: d.by_category.map(([name, value]) => ({name, value}))}]});
  const b = echarts.init(document.getElementById('c-month'));
  b.setOption({tooltip: {}, xAxis: {type: 'category', data: d.by_month.map(x => x[0])}, yAxis: {type: 'value', minInterval: 1},
    series: [{type: 'bar', barMaxWidth: 48, data: d.by_month.map(x => x[1]), itemStyle: {color: '#c8102e'}}]});
  window.addEventListener('resize', () => { a.resize(); b.resize(); });
})();
