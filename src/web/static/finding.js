// A finding's page: fetch and draw the evidence path.
'use strict';
(async () => {
  const container = document.getElementById('evidence-graph');
  if (!container) return;
  try {
    const graph = await dg.getJson(container.dataset.src);
    if (!graph.nodes.length) {
      container.replaceChildren(dg.el('p', { class: 'none', text: 'The subject is no longer in the graph.' }));
      return;
    }
    window.evidenceGraph = dgGraph.draw(container, graph, document.getElementById('evidence-graph-list'));
  } catch (e) {
    container.replaceChildren(dg.el('p', { class: 'error', text: 'Could not draw the graph: ' + e.message }));
  }
})();
