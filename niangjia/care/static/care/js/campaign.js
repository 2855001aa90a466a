// 慰问活动 chart. Labels come from data-* attributes on #care-chart (translated in the template).
(function () {
  const el = document.getElementById('care-chart');
  const d = JSON.parse(JSON.parse(document.getElementById('care-chart-data').textContent));
  echarts.init(el).setOption({tooltip: {}, legend: {}, xAxis: {data: d.orgs}, yAxis: [{}, {}],
    series: [{name: el.dataset.amount, type: 'bar', data: d.money},
             {name: el.dataset.times, type: 'line', yAxisIndex: 1, data: d.times}]});
})();
