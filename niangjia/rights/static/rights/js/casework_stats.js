// 办案统计 charts. Labels come from data-* attributes on #c-letters (translated in the template).
(function () {
  const L = document.getElementById('c-letters').dataset;
  const d = JSON.parse(document.getElementById('casework-data').textContent);
  const colors = ['#c8102e', '#0d6efd', '#198754'];
  const charts = [];
  function chart(id, option) { const c = echarts.init(document.getElementById(id)); c.setOption(option); charts.push(c); }
  chart('c-letters', {color: colors, tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 40, right: 10, top: 30, bottom: 30},
    xAxis: {type: 'category', data: d.months}, yAxis: {type: 'value', minInterval: 1},
    series: d.kinds.map(k => ({name: k.label, type: 'bar', barMaxWidth: 48, stack: 'letters', data: d.letters_by_month[k.kind]}))});
  chart('c-resolved', {color: ['#198754', '#c8102e'], tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 40, right: 60, top: 30, bottom: 30},
    xAxis: {type: 'category', data: d.months},
    yAxis: [{type: 'value', name: L.cases, minInterval: 1}, {type: 'value', name: L.yuan}],
    series: [{name: L.resolved, type: 'bar', barMaxWidth: 48, data: d.resolved_by_month},
             {name: L.recovered, type: 'line', yAxisIndex: 1, data: d.recovered_by_month.map(Number)}]});
  chart('c-letters-org', {color: colors, tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {left: 10, right: 20, top: 30, bottom: 10, containLabel: true},
    xAxis: {type: 'value', minInterval: 1}, yAxis: {type: 'category', inverse: true, data: d.letters_by_org.map(r => r.org)},
    series: d.kinds.map(k => ({name: k.label, type: 'bar', barMaxWidth: 36, stack: 'org', data: d.letters_by_org.map(r => r[k.kind])}))});
  chart('c-recovered-org', {tooltip: {trigger: 'axis'}, grid: {left: 10, right: 70, top: 10, bottom: 10, containLabel: true},
    xAxis: {type: 'value', axisLabel: {hideOverlap: true}}, yAxis: {type: 'category', inverse: true, data: d.mediation_by_org.map(r => r.org)},
    series: [{name: L.recovered, type: 'bar', data: d.mediation_by_org.map(r => Number(r.recovered)),
              barMaxWidth: 36, itemStyle: {color: '#c8102e'}, label: {show: true, position: 'right'}}]});
  window.addEventListener('resize', () => charts.forEach(c => c.resize()));
})();
