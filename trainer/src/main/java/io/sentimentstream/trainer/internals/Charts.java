package io.sentimentstream.trainer.internals;

import io.sentimentstream.classifier.Label;
import io.sentimentstream.trainer.ClassificationMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** PNG charts of a training run and a confusion matrix, drawn with XChart. */
public final class Charts {
  private static final int WIDTH = 720;
  private static final int HEIGHT = 420;

  static {
    // charts are drawn off-screen; servers and CI have no display
    System.setProperty("java.awt.headless", "true");
  }

  private Charts() {}

  /** Training and validation loss per epoch. */
  public static void losses(List<HeadFitter.EpochStats> history, Path png) throws IOException {
    XYChart c =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title("Loss per epoch")
            .xAxisTitle("epoch")
            .yAxisTitle("weighted cross-entropy")
            .build();
    c.addSeries("train", epochs(history), values(history, HeadFitter.EpochStats::trainLoss));
    c.addSeries("validation", epochs(history), values(history, HeadFitter.EpochStats::valLoss));
    BitmapEncoder.saveBitmap(c, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** Validation macro-F1 per epoch. */
  public static void f1(List<HeadFitter.EpochStats> history, Path png) throws IOException {
    XYChart c =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title("Validation macro-F1")
            .xAxisTitle("epoch")
            .yAxisTitle("macro-F1")
            .build();
    c.addSeries(
        "validation macro-F1", epochs(history), values(history, HeadFitter.EpochStats::valMacroF1));
    BitmapEncoder.saveBitmap(c, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** The confusion matrix as a heat map (rows = true label, columns = predicted). */
  public static void confusion(ClassificationMetrics m, String title, Path png) throws IOException {
    HeatMapChart c =
        new HeatMapChartBuilder()
            .width(560)
            .height(480)
            .title(title)
            .xAxisTitle("predicted")
            .yAxisTitle("true")
            .build();
    c.getStyler().setShowValue(true);
    c.getStyler().setPlotContentSize(1);
    List<String> names = Label.ORDER.stream().map(Label::name).toList();
    List<Number[]> cells = new ArrayList<>();
    for (int t = 0; t < names.size(); t++) {
      for (int p = 0; p < names.size(); p++) {
        cells.add(new Number[] {p, t, m.confusion()[t][p]});
      }
    }
    c.addSeries("count", names, names, cells);
    BitmapEncoder.saveBitmap(c, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static List<Integer> epochs(List<HeadFitter.EpochStats> h) {
    return h.stream().map(HeadFitter.EpochStats::epoch).toList();
  }

  private static List<Double> values(
      List<HeadFitter.EpochStats> h, java.util.function.ToDoubleFunction<HeadFitter.EpochStats> f) {
    return h.stream().map(f::applyAsDouble).toList();
  }
}
