package io.github.eddypool.benchmark.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;

/** Renders the report's PNG charts with JFreeChart (headless). */
public final class Charts {

    private static final int WIDTH = 1100;
    private static final int HEIGHT = 560;

    /** One colour per pool, the same in every chart; Eddy stands out. */
    private static final Color[] POOL_COLORS = {
        new Color(0xD6, 0x27, 0x28), // eddy
        new Color(0x1F, 0x77, 0xB4), // hikari
        new Color(0x2C, 0xA0, 0x2C), // dbcp2
        new Color(0xFF, 0x7F, 0x0E), // tomcat
        new Color(0x94, 0x67, 0xBD), // vibur
        new Color(0x8C, 0x56, 0x4B), // agroal
        new Color(0xE3, 0x77, 0xC2), // c3p0
        new Color(0x7F, 0x7F, 0x7F), // nopool
        new Color(0xBC, 0xBD, 0x22), // direct
        new Color(0x17, 0xBE, 0xCF), // fifo (control)
    };

    private final Results results;
    private final Path dir;
    private final List<String> written = new ArrayList<>();

    public Charts(Results results, Path dir) {
        this.results = results;
        this.dir = dir;
    }

    /** Writes every chart the results allow; returns the file names written. */
    public List<String> renderAll() throws IOException {
        System.setProperty("java.awt.headless", "true");
        summary();
        byThreads(MarkdownReport.CONNECTION_CYCLE, "connection-cycle.png", "ConnectionCycle: getConnection() + close(), stub driver");
        byThreads(MarkdownReport.STATEMENT_CYCLE, "statement-cycle.png", "StatementCycle: borrow, prepare, execute, read, close");
        contention();
        postgres();
        startup();
        return written;
    }

    /** Eddy / HikariCP for every measure, oriented so that higher is better, with the parity line. */
    private void summary() throws IOException {
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        String series = "Eddy vs HikariCP (higher is better)";
        for (String b : List.of(MarkdownReport.CONNECTION_CYCLE, MarkdownReport.STATEMENT_CYCLE)) {
            for (int t : results.threads(b)) {
                double r = results.ratioToReference(b, "eddy", t);
                if (!Double.isNaN(r)) {
                    ds.addValue(r, series, b.substring(0, b.indexOf('.')) + " " + t + "t");
                }
            }
        }
        ratio(ds, series, MarkdownReport.CONTENTION, "Contention thrpt", false, 0);
        ratio(ds, series, MarkdownReport.CONTENTION_ACQUIRE, "Contention p99 (inv.)", true, 99.0);
        ratio(ds, series, MarkdownReport.PG_SELECT, "PG SELECT 1", false, 0);
        ratio(ds, series, MarkdownReport.PG_TX, "PG read-write tx", false, 0);
        ratio(ds, series, MarkdownReport.STARTUP, "Start-up 20 (inv.)", true, 0);
        if (ds.getColumnCount() == 0) {
            return;
        }
        JFreeChart chart = ChartFactory.createBarChart("Eddy / HikariCP, same run", null, "ratio", ds,
                PlotOrientation.VERTICAL, false, false, false);
        chart.addSubtitle(new TextTitle("above the line Eddy is better. Throughput: Eddy / HikariCP; times (inv.): HikariCP / Eddy"));
        CategoryPlot plot = style(chart);
        plot.setRangeAxis(logAxis("ratio (log scale, 1 = parity)", 0.001));
        ((BarRenderer) plot.getRenderer()).setBase(1.0);
        plot.getRenderer().setSeriesPaint(0, POOL_COLORS[0]);
        ValueMarker parity = new ValueMarker(1.0, Color.BLACK, new BasicStroke(1.5f));
        plot.addRangeMarker(parity);
        labels(plot, "{2}");
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        save(chart, "eddy-vs-hikari.png");
    }

    private void ratio(DefaultCategoryDataset ds, String series, String benchmark, String label, boolean inverse, double percentile) {
        Optional<JmhResult> e = results.find(benchmark, "eddy");
        Optional<JmhResult> h = results.find(benchmark, Results.REFERENCE);
        if (e.isEmpty() || h.isEmpty()) {
            return;
        }
        double ev = percentile > 0 ? e.get().percentile(percentile) : e.get().median();
        double hv = percentile > 0 ? h.get().percentile(percentile) : h.get().median();
        double r = inverse ? hv / ev : ev / hv;
        if (!Double.isNaN(r) && !Double.isInfinite(r)) {
            ds.addValue(r, series, label);
        }
    }

    private void byThreads(String benchmark, String file, String title) throws IOException {
        List<Integer> threads = results.threads(benchmark);
        if (threads.isEmpty()) {
            return;
        }
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        String unit = "";
        List<String> omitted = new ArrayList<>();
        for (String pool : results.pools(benchmark)) {
            if (pool.equals("direct") || pool.equals("nopool")) {
                // on the stub, neither baseline does a pool's work: direct is orders of magnitude off the
                // scale, and nopool only shows the stub's free connect
                omitted.add(pool);
                continue;
            }
            for (int t : threads) {
                Optional<JmhResult> r = results.find(benchmark, pool, t);
                if (r.isPresent()) {
                    ds.addValue(r.get().median(), label(pool), t + (t == 1 ? " thread" : " threads"));
                    unit = r.get().unit();
                }
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(title, null, "throughput, " + unit + " (median)", ds,
                PlotOrientation.VERTICAL, true, false, false);
        if (!omitted.isEmpty()) {
            chart.addSubtitle(new TextTitle("baselines not drawn (" + String.join(", ", omitted) + "): see RESULTS.md"));
        }
        colorBySeries(style(chart), ds);
        save(chart, file);
    }

    private void contention() throws IOException {
        DefaultCategoryDataset thrpt = new DefaultCategoryDataset();
        DefaultCategoryDataset acquire = new DefaultCategoryDataset();
        for (String pool : Results.ORDER) {
            results.find(MarkdownReport.CONTENTION, pool).ifPresent(r -> thrpt.addValue(r.median(), "throughput", label(pool)));
            Optional<JmhResult> a = results.find(MarkdownReport.CONTENTION_ACQUIRE, pool);
            if (a.isPresent()) {
                for (double p : new double[] {50.0, 99.0, 99.9, 100.0}) {
                    double v = a.get().percentile(p);
                    if (v > 0) {
                        acquire.addValue(v, p == 100.0 ? "max" : "p" + MarkdownReport.fmt(p).replace(".0", ""), label(pool));
                    }
                }
            }
        }
        if (thrpt.getColumnCount() > 0) {
            JFreeChart chart = ChartFactory.createBarChart("Contention: pool of 4, 16 threads, throughput", null,
                    "borrow + work + return, ops/ms (median)", thrpt, PlotOrientation.VERTICAL, false, false, false);
            CategoryPlot plot = style(chart);
            BarRenderer renderer = (BarRenderer) plot.getRenderer();
            // colour bars by pool within the one series
            plot.setRenderer(new PoolBarRenderer(thrpt));
            plot.getRenderer().setDefaultItemLabelGenerator(renderer.getDefaultItemLabelGenerator());
            labels(plot, "{2}");
            save(chart, "contention.png");
        }
        if (acquire.getColumnCount() > 0) {
            JFreeChart chart = ChartFactory.createBarChart("Contention: getConnection() time, pool of 4, 16 threads", null,
                    "µs, log scale", acquire, PlotOrientation.VERTICAL, true, false, false);
            CategoryPlot plot = style(chart);
            plot.setRangeAxis(logAxis("µs (log scale)", 0.01));
            ((BarRenderer) plot.getRenderer()).setBase(0.01);
            Color[] shades = {new Color(0x9E, 0xCA, 0xE1), new Color(0x42, 0x92, 0xC6), new Color(0x08, 0x45, 0x94),
                new Color(0x63, 0x63, 0x63)};
            for (int i = 0; i < acquire.getRowCount() && i < shades.length; i++) {
                plot.getRenderer().setSeriesPaint(i, shades[i]);
            }
            save(chart, "contention-acquire.png");
        }
    }

    private void postgres() throws IOException {
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        String unit = "";
        for (String pool : Results.ORDER) {
            Optional<JmhResult> s = results.find(MarkdownReport.PG_SELECT, pool);
            Optional<JmhResult> t = results.find(MarkdownReport.PG_TX, pool);
            if (s.isPresent()) {
                ds.addValue(s.get().median(), "SELECT 1", label(pool));
                unit = s.get().unit();
            }
            if (t.isPresent()) {
                ds.addValue(t.get().median(), "read-write transaction", label(pool));
                unit = t.get().unit();
            }
        }
        if (ds.getColumnCount() == 0) {
            return;
        }
        JFreeChart chart = ChartFactory.createBarChart("PostgreSQL (local), 4 threads, pools of 8", null,
                "throughput, " + unit + " (median)", ds, PlotOrientation.VERTICAL, true, false, false);
        style(chart);
        save(chart, "postgres.png");
    }

    private void startup() throws IOException {
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        for (String pool : results.pools(MarkdownReport.STARTUP)) {
            results.find(MarkdownReport.STARTUP, pool).ifPresent(r -> ds.addValue(r.median(), "start-up", label(pool)));
        }
        if (ds.getColumnCount() == 0) {
            return;
        }
        JFreeChart chart = ChartFactory.createBarChart("Start-up: open 20 PostgreSQL connections (lower is better)", null,
                "ms (median)", ds, PlotOrientation.VERTICAL, false, false, false);
        CategoryPlot plot = style(chart);
        plot.setRenderer(new PoolBarRenderer(ds));
        labels(plot, "{2}");
        save(chart, "startup.png");
    }

    // ------------------------------------------------------------------ helpers

    private static LogAxis logAxis(String label, double smallest) {
        LogAxis axis = new LogAxis(label);
        axis.setBase(10);
        axis.setSmallestValue(smallest);
        axis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1.0));
        axis.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.###"));
        return axis;
    }

    private static String label(String pool) {
        return MarkdownReport.poolName(pool).replace("**", "").replace(" (baseline)", "");
    }

    private static CategoryPlot style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setOutlineVisible(false);
        CategoryAxis domain = plot.getDomainAxis();
        domain.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        domain.setMaximumCategoryLabelLines(2);
        domain.setMaximumCategoryLabelWidthRatio(1.5f);
        if (plot.getRenderer() instanceof BarRenderer) {
            BarRenderer r = (BarRenderer) plot.getRenderer();
            r.setBarPainter(new StandardBarPainter());
            r.setShadowVisible(false);
            r.setItemMargin(0.05);
        }
        return plot;
    }

    private static void colorBySeries(CategoryPlot plot, DefaultCategoryDataset ds) {
        for (int i = 0; i < ds.getRowCount(); i++) {
            String name = ds.getRowKey(i).toString();
            plot.getRenderer().setSeriesPaint(i, colorOf(name));
        }
    }

    static Color colorOf(String label) {
        for (int i = 0; i < Results.ORDER.size(); i++) {
            if (label(Results.ORDER.get(i)).equals(label)) {
                return POOL_COLORS[i];
            }
        }
        return Color.DARK_GRAY;
    }

    private static void labels(CategoryPlot plot, String format) {
        plot.getRenderer().setDefaultItemLabelGenerator(
                new StandardCategoryItemLabelGenerator(format, new java.text.DecimalFormat("#,##0.##")));
        plot.getRenderer().setDefaultItemLabelsVisible(true);
        plot.getRenderer().setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    }

    private void save(JFreeChart chart, String file) throws IOException {
        ChartUtils.saveChartAsPNG(dir.resolve(file).toFile(), chart, WIDTH, HEIGHT);
        written.add(file);
    }

    /** A bar renderer for one-series charts whose categories are pools: each bar in its pool's colour. */
    private static final class PoolBarRenderer extends BarRenderer {
        private static final long serialVersionUID = 1L;
        private final transient DefaultCategoryDataset dataset;

        PoolBarRenderer(DefaultCategoryDataset dataset) {
            this.dataset = dataset;
            setBarPainter(new StandardBarPainter());
            setShadowVisible(false);
        }

        @Override
        public java.awt.Paint getItemPaint(int row, int column) {
            return colorOf(dataset.getColumnKey(column).toString());
        }
    }
}
