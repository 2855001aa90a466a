// 帮扶报表 charts (no inline script: CSP).
(function () {
  const d = JSON.parse(JSON.parse(document.getElementById('report-data').textContent));
  echarts.init(document.getElementById('by-month')).setOption({tooltip: {}, xAxis: {type: 'category', data: d.months},
    yAxis: {type: 'value'}, series: [{type: 'bar', data: d.totals}]});
  echarts.init(document.getElementById('by-cat')).setOption({tooltip: {}, series: [{type: 'pie', data: d.categories}]});
})();
