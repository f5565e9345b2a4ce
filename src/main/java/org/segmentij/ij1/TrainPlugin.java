package org.segmentij.ij1;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.segmentij.SegmentIJException;
import org.segmentij.UsageException;
import org.segmentij.deep.infer.Normalization;
import org.segmentij.deep.nets.NetConfig;
import org.segmentij.deep.nets.Networks;
import org.segmentij.deep.train.EpochStats;
import org.segmentij.deep.train.Sample;
import org.segmentij.deep.train.TargetMode;
import org.segmentij.deep.train.Trainer;
import org.segmentij.deep.train.TrainingData;
import org.segmentij.deep.train.TrainingSetup;
import org.segmentij.metrics.RoiGroundTruth;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.Plot;
import ij.gui.PlotWindow;
import ij.plugin.PlugIn;

/**
 * Plugins › Segmentation › Deep Learning › Train Network...: trains a network on the current
 * image with the ROI Manager's ROIs as ground truth (one object per ROI), or on folders of
 * image/mask pairs, into a model package that Apply Deep Model uses. A plot of the losses and
 * the validation IoU and Dice grows after every epoch; the status bar shows the batches; Esc stops
 * after the current batch and keeps the best model so far. The dialog is a GenericDialog, so the
 * Macro Recorder records it and macros replay it.
 */
public class TrainPlugin implements PlugIn {

	static final String[] SOURCES = { "current image + ROI Manager", "folders" };

	@Override
	public void run(String arg) {
		Thread thread = Thread.currentThread();
		ClassLoader saved = thread.getContextClassLoader();
		thread.setContextClassLoader(TrainPlugin.class.getClassLoader());
		String options = Macro.getOptions();
		try {
			train();
		}
		catch (SegmentIJException e) {
			IJ.error("Train Network", e.getMessage());
			if (options != null)
				Macro.abort();
		}
		catch (RuntimeException | LinkageError e) {
			IJ.log("Train Network: internal error\n" + e);
			IJ.error("Train Network", "Internal error: " + e + "\nPlease report it.");
			if (options != null)
				Macro.abort();
		}
		finally {
			thread.setContextClassLoader(saved);
		}
	}

	private void train() {
		String[] archs = Networks.ARCHITECTURES.stream().filter(a -> !a.endsWith("3d")).toArray(String[]::new);
		String[] targets = Arrays.stream(TargetMode.values()).map(TargetMode::id).toArray(String[]::new);
		GenericDialog gd = new GenericDialog("Train Network");
		gd.addChoice("Training data", SOURCES, SOURCES[0]);
		gd.addDirectoryField("Images folder", "");
		gd.addDirectoryField("Masks folder", "");
		gd.addChoice("Architecture", archs, "unet");
		gd.addNumericField("Depth", 4, 0);
		gd.addNumericField("Base channels", 16, 0);
		gd.addChoice("Target", targets, "binary");
		gd.addStringField("Loss", "dice+ce", 16);
		gd.addNumericField("Epochs", 50, 0);
		gd.addNumericField("Batch size", 4, 0);
		gd.addNumericField("Crop size", 128, 0);
		gd.addNumericField("Learning rate", 0.001, 4);
		gd.addNumericField("Validation fraction", 0.2, 2);
		gd.addNumericField("Patience (epochs)", 10, 0);
		gd.addChoice("Device", new String[] { "auto", "cpu", "gpu" }, "auto");
		gd.addStringField("Model name", "my-model", 16);
		gd.addDirectoryField("Models folder", Paths.get(System.getProperty("user.home"), ".segmentij", "models").toString());
		gd.addNumericField("Seed", 1, 0);
		gd.showDialog();
		if (gd.wasCanceled())
			return;
		String source = gd.getNextChoice();
		String images = gd.getNextString(), masks = gd.getNextString();
		String arch = gd.getNextChoice();
		int depth = (int) gd.getNextNumber(), base = (int) gd.getNextNumber();
		TargetMode mode = TargetMode.parse(gd.getNextChoice());
		String loss = gd.getNextString();
		int epochs = (int) gd.getNextNumber(), batch = (int) gd.getNextNumber(), crop = (int) gd.getNextNumber();
		double lr = gd.getNextNumber(), val = gd.getNextNumber();
		int patience = (int) gd.getNextNumber();
		String device = gd.getNextChoice(), name = gd.getNextString().trim(), folder = gd.getNextString();
		long seed = (long) gd.getNextNumber();
		if (gd.invalidNumber())
			throw new UsageException("A number field of Train Network holds something that is not a number.");
		if (name.isEmpty() || name.contains("/") || name.contains("\\"))
			throw new UsageException("Give the model a name without slashes, e.g. nuclei-unet.");
		Normalization norm = Normalization.percentile(1, 99.8);
		List<Sample> samples;
		ImagePlus imp = null;
		if (source.equals(SOURCES[0])) {
			imp = WindowManager.getCurrentImage();
			if (imp == null)
				throw new UsageException("There is no image open: open the image whose objects you outlined, or choose folders.");
			samples = TrainingData.fromRois(imp, RoiGroundTruth.fromRoiManager(), mode, norm);
		}
		else
			samples = TrainingData.fromFolders(Paths.get(images), Paths.get(masks), mode, norm);
		Map<String, String> netOptions = new LinkedHashMap<>();
		netOptions.put("depth", Integer.toString(depth));
		netOptions.put("base", Integer.toString(base));
		NetConfig net = TrainingSetup.net(netOptions, mode.inputChannels(samples.get(0).channels()), TrainingSetup.classes(mode, 0, samples));
		Path out = Paths.get(folder, name);
		Trainer.Config c = new Trainer.Config(name, arch, net, mode, null, loss, epochs, batch, crop, lr, val, patience, seed,
				org.segmentij.deep.train.Augmentation.standard(), norm, out, false, TrainingSetup.device(device), 0);
		LivePlot live = new LivePlot(name + " training", epochs);
		IJ.resetEscape();
		Trainer.Result r = Trainer.train(samples, c, live);
		EpochStats best = r.history().stream().filter(h -> h.epoch() == r.bestEpoch()).findFirst().orElseThrow();
		IJ.showProgress(1.0);
		if (imp != null && imp.getWindow() != null) // the plot window took the focus: give it back to the image
			IJ.selectWindow(imp.getID());
		IJ.log(String.format(Locale.ROOT, "Train Network: %s saved to %s (best epoch %d of %d%s, validation IoU %.4f, Dice %.4f)", name,
				out, r.bestEpoch(), r.history().size(), r.stoppedEarly() ? ", stopped early" : "", best.valIoU(), best.valDice()));
		IJ.showStatus("Train Network: done, model " + name);
	}

	/** The training curve as an ImageJ plot, redrawn after every epoch; status bar per batch; Esc stops. */
	static final class LivePlot implements Trainer.Listener {
		private final String title;
		private final int epochs;
		private PlotWindow window;

		LivePlot(String title, int epochs) {
			this.title = title;
			this.epochs = epochs;
		}

		@Override
		public void batchEnded(int epoch, int batch, int batches, double loss) {
			IJ.showStatus(String.format(Locale.ROOT, "Training: epoch %d/%d, batch %d/%d, loss %.4f (Esc stops)", epoch, epochs, batch,
					batches, loss));
			IJ.showProgress(((epoch - 1) * (double) batches + batch) / ((double) epochs * batches));
		}

		@Override
		public void epochEnded(EpochStats stats, List<EpochStats> history) {
			if (GraphicsEnvironment.isHeadless())
				return;
			double[] x = history.stream().mapToDouble(EpochStats::epoch).toArray();
			Plot p = new Plot(title, "epoch", "loss / IoU / Dice");
			p.setLimits(1, Math.max(2, epochs), 0, Math.max(1, history.stream().mapToDouble(EpochStats::trainLoss).max().orElse(1)));
			p.setColor(Color.BLUE);
			p.addPoints(x, history.stream().mapToDouble(EpochStats::trainLoss).toArray(), Plot.LINE);
			p.setColor(Color.ORANGE);
			p.addPoints(x, history.stream().mapToDouble(EpochStats::valLoss).toArray(), Plot.LINE);
			p.setColor(new Color(0, 150, 0));
			p.addPoints(x, history.stream().mapToDouble(EpochStats::valIoU).toArray(), Plot.LINE);
			p.setColor(Color.RED);
			p.addPoints(x, history.stream().mapToDouble(EpochStats::valDice).toArray(), Plot.LINE);
			p.setColor(Color.BLACK);
			p.addLegend("train loss\nval loss\nval IoU\nval Dice");
			if (window == null || window.isClosed())
				window = p.show();
			else
				window.drawPlot(p);
		}

		@Override
		public boolean cancelled() {
			return IJ.escapePressed();
		}
	}
}
