// vega-lite spec -> vega -> SVG (no browser, no canvas) -> PNG with resvg,
// so every mail client shows the chart. Drawn at twice the pixel size for
// sharp text on high-density screens; the HTML shows it at CHART_WIDTH.
import type { ChartDef } from './specs.js';

export const CHART_SCALE = 2;

export interface RenderedChart {
  def: ChartDef;
  svg: string;
  png: Buffer;
  width: number;
  height: number;
}

// Vega and the PNG renderer are loaded on the first chart: they are large, and
// most commands that can draw a chart (serve, schedule) seldom do.
const renderers = () => Promise.all([import('vega-lite'), import('vega'), import('@resvg/resvg-js')]);

export async function renderChart(def: ChartDef): Promise<RenderedChart> {
  const [{ compile }, { parse, View }, { Resvg }] = await renderers();
  const view = new View(parse(compile(def.spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const image = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: CHART_SCALE },
      background: '#ffffff',
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    }).render();
    return { def, svg, png: Buffer.from(image.asPng()), width: image.width, height: image.height };
  } finally {
    view.finalize();
  }
}
