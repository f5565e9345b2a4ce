package org.segmentij.ij1;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.segmentij.SegmentIJException;
import org.segmentij.metrics.InstanceMatching;
import org.segmentij.metrics.RoiGroundTruth;
import org.segmentij.service.Evaluation;
import org.segmentij.service.EvaluationOptions;
import org.segmentij.service.MetricsService;
import org.segmentij.service.SegmentIJ;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;

/**
 * Plugins › Segmentation › Evaluate › Evaluate Segmentation: a prediction against ground truth
 * (an open mask, class mask or label image, or the ROI Manager's ROIs), through the
 * {@link MetricsService}. Writes the "Segmentation Metrics" table (one row per image, plus one per
 * class for multi-class masks) and, when asked, the "Segmentation Objects" table. The dialog is
 * ImageJ's GenericDialog, so the Macro Recorder records it and macros replay it:
 * {@code run("Evaluate Segmentation", "prediction=mask.tif ground_truth=truth.tif instances thresholds=0.5 surface_distances tolerance=2");}
 */
public class EvaluatePlugin implements PlugIn {

	/** The ground-truth choice that stands for the ROI Manager's ROIs. */
	public static final String ROI_MANAGER = "[ROI Manager]";

	@Override
	public void run(String arg) {
		Thread thread = Thread.currentThread();
		ClassLoader saved = thread.getContextClassLoader();
		thread.setContextClassLoader(EvaluatePlugin.class.getClassLoader());
		String options = Macro.getOptions();
		try {
			evaluate();
		}
		catch (SegmentIJException | IllegalArgumentException e) {
			IJ.error("Evaluate Segmentation", e.getMessage());
			if (options != null)
				Macro.abort();
		}
		finally {
			thread.setContextClassLoader(saved);
		}
	}

	private void evaluate() {
		int[] ids = WindowManager.getIDList();
		if (ids == null || ids.length == 0) {
			IJ.error("Evaluate Segmentation", "No image is open. Open the segmentation to evaluate and its ground truth (or draw the truth as ROIs in the ROI Manager).");
			return;
		}
		String[] titles = new String[ids.length];
		for (int i = 0; i < ids.length; i++)
			titles[i] = WindowManager.getImage(ids[i]).getTitle();
		String[] truths = new String[titles.length + 1];
		System.arraycopy(titles, 0, truths, 0, titles.length);
		truths[titles.length] = ROI_MANAGER;
		ImagePlus current = WindowManager.getCurrentImage();

		GenericDialog gd = new GenericDialog("Evaluate Segmentation");
		gd.addChoice("Prediction", titles, current != null ? current.getTitle() : titles[0]);
		gd.addChoice("Ground_truth", truths, titles.length > 1 ? titles[titles.length > 1 && titles[0].equals(current == null ? "" : current.getTitle()) ? 1 : 0] : ROI_MANAGER);
		gd.addNumericField("Classes", 0, 0, 4, "(0 = binary; C = class values 0..C-1)");
		gd.addCheckbox("Instances", false);
		gd.addStringField("Thresholds", "0.5", 20);
		gd.addCheckbox("Partitions", false);
		gd.addCheckbox("Surface_distances", true);
		gd.addNumericField("Tolerance", 2, 2, 6, "calibrated units");
		gd.addCheckbox("Per_object_table", false);
		gd.showDialog();
		if (gd.wasCanceled())
			return;
		ImagePlus prediction = WindowManager.getImage(gd.getNextChoice());
		String truthChoice = gd.getNextChoice();
		int classes = (int) gd.getNextNumber();
		boolean instances = gd.getNextBoolean();
		String thresholdText = gd.getNextString();
		boolean partitions = gd.getNextBoolean();
		boolean surface = gd.getNextBoolean();
		double tolerance = gd.getNextNumber();
		boolean perObject = gd.getNextBoolean();
		if (gd.invalidNumber())
			throw new IllegalArgumentException("Classes and Tolerance must be numbers.");
		double[] thresholds = parseThresholds(thresholdText);

		EvaluationOptions o = new EvaluationOptions(classes, -1, surface, tolerance, instances, thresholds, partitions, false,
				perObject, RoiGroundTruth.OverlapPolicy.LAST_WINS, RoiGroundTruth.ClassSource.NONE);
		MetricsService metrics = SegmentIJ.metrics();
		Evaluation e;
		if (ROI_MANAGER.equals(truthChoice)) {
			List<Roi> rois = RoiGroundTruth.fromRoiManager();
			e = metrics.evaluate(prediction, rois, o);
		}
		else
			e = metrics.evaluate(prediction, WindowManager.getImage(truthChoice), o);
		show(e, truthChoice);
	}

	static double[] parseThresholds(String text) {
		List<Double> list = new ArrayList<>();
		for (String s : text.split("[,\\s]+"))
			if (!s.isBlank()) {
				try {
					list.add(Double.parseDouble(s));
				}
				catch (NumberFormatException ex) {
					throw new IllegalArgumentException("Thresholds must be numbers between 0 and 1 separated by commas, got '" + s + "'.");
				}
			}
		return list.stream().mapToDouble(Double::doubleValue).toArray();
	}

	/** Appends the evaluation to the "Segmentation Metrics" table (and the per-object table). */
	static void show(Evaluation e, String truth) {
		ResultsTable rt = table("Segmentation Metrics");
		rt.incrementCounter();
		rt.addValue("Image", e.name());
		rt.addValue("Truth", truth);
		for (Map.Entry<String, Object> m : e.summary().entrySet())
			if (m.getValue() instanceof Number n)
				rt.addValue(m.getKey(), n.doubleValue());
		for (Map<String, Object> row : e.classes()) {
			rt.incrementCounter();
			rt.addValue("Image", e.name());
			rt.addValue("Truth", truth);
			for (Map.Entry<String, Object> m : row.entrySet())
				if (m.getValue() instanceof Number n)
					rt.addValue(m.getKey(), n.doubleValue());
		}
		rt.setPrecision(6);
		rt.show("Segmentation Metrics");
		if (!e.objects().isEmpty()) {
			ResultsTable ot = table("Segmentation Objects");
			for (InstanceMatching.ObjectMatch m : e.objects()) {
				ot.incrementCounter();
				ot.addValue("Image", e.name());
				ot.addValue("Truth ID", m.truthId());
				ot.addValue("Predicted ID", m.predictionId());
				ot.addValue("IoU", m.iou());
			}
			ot.setPrecision(6);
			ot.show("Segmentation Objects");
		}
	}

	private static ResultsTable table(String title) {
		ResultsTable rt = ResultsTable.getResultsTable(title);
		return rt != null ? rt : new ResultsTable();
	}
}
