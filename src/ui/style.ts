/** The styles of the cluster picture and of the pages around it (the live ui and `play --html`). */

/** How the picture looks: kept beside the SVG so both pages draw it the same way. */
export const PICTURE_CSS = `
svg.cluster-map { font: 11px ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; max-width: 100%; height: auto; }
svg.cluster-map text { fill: #1d2733; }
svg.cluster-map .head { font-weight: bold; }
.cluster rect { fill: #f3f6fa; stroke: #9aa9ba; stroke-width: 1.2; }
.cluster.not-ready rect { stroke: #c0392b; stroke-dasharray: 6 3; }
.box rect { fill: #fff; stroke: #5b6b7d; stroke-width: 1.2; }
.box.client rect { fill: #eef1f4; stroke-dasharray: 3 2; }
.box.node-header rect { fill: none; stroke: none; }
.box.service rect { fill: #e8f0fe; stroke: #1a5fb4; stroke-width: 1.6; }
.box.entry rect { fill: #fff6e0; stroke: #b7791f; }
.box.ingress rect { fill: #f3e8fd; stroke: #7b3fb3; }
.box.policy rect { fill: #fdecea; stroke: #a33; stroke-dasharray: 4 2; }
.box.pod.ready rect { fill: #e9f7ee; stroke: #1e7b3c; }
.box.pod.not-ready rect { fill: #fff4e5; stroke: #c76a00; stroke-dasharray: 5 3; }
.box.pod.pending rect { fill: #f4f4f4; stroke: #888; stroke-dasharray: 2 2; }
.box.pod.terminating rect { fill: #f4f4f4; stroke: #c0392b; stroke-dasharray: 2 2; }
.box.pod.terminating text { fill: #888; text-decoration: line-through; }
.box.pod.done rect, .box.pod.failed rect { fill: #f4f4f4; stroke: #aaa; }
.box.pod.failed rect { stroke: #c0392b; }
.edge path { fill: none; stroke: #5b6b7d; stroke-width: 1.3; }
.edge polygon { fill: #5b6b7d; }
.edge.endpoint path { stroke: #1e7b3c; }
.edge.endpoint polygon { fill: #1e7b3c; }
.edge.endpoint-not-ready path { stroke: #c76a00; stroke-dasharray: 5 4; }
.edge.endpoint-not-ready polygon { fill: #c76a00; }
.edge.outside path { stroke: #aab4bf; stroke-dasharray: 3 3; }
.edge.outside polygon { fill: #aab4bf; }
.edge.ingress path { stroke: #7b3fb3; }
.edge.ingress polygon { fill: #7b3fb3; }
.edge.policy path { stroke: #a33; stroke-dasharray: 2 3; }
.edge.policy polygon { fill: #a33; }
.edge-label { fill: #7b3fb3; font-size: 10px; }
`;
