// 医疗互助统计 charts. Labels come from data-* attributes on #chart-month (translated in the template).
(function () {
  const el = document.getElementById('chart-month');
  const d = JSON.parse(JSON.parse(document.getElementById('ma-chart').textContent));
  echarts.init(el).setOption({tooltip: {}, legend: {}, xAxis: {data: d.months}, yAxis: [{}, {}],
    series: [{name: el.dataset.claims, type: 'bar', data: d.claims},
             {name: el.dataset.payouts, type: 'line', yAxisIndex: 1, data: d.payout}]});
  echarts.init(document.getElementById('chart-org')).setOption({tooltip: {}, xAxis: {data: d.orgs}, yAxis: {},
    series: [{name: el.dataset.enrolled, type: 'bar', data: d.enrolled}]});
})();
