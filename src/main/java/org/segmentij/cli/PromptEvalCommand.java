package org.segmentij.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.segmentij.InputException;
import org.segmentij.UsageException;
import org.segmentij.deep.prompt.PromptEvaluation;
import org.segmentij.deep.prompt.PromptSegmentation.ObjectPrompt;
import org.segmentij.deep.prompt.PromptableModel;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.image.LabelImages;
import org.segmentij.service.ModelService;
import org.segmentij.service.RoiSet;
import org.segmentij.service.SegmentIJ;

import ij.ImagePlus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import ij.gui.PointRoi;
import ij.gui.Roi;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;

/** {@code segmentij eval-prompts}: a promptable model prompted from the true objects, scored against them. */
@Command(name = "eval-prompts", description = { "Evaluate a promptable model on an image with instance labels: one click at each true object's centre,"
		+ " each object's bounding box, and N corrective clicks; mean IoU of each object's mask with the true object.",
		"Example: eval-prompts --model nuclei-prompt -i nuclei.tif --truth nuclei_labels.tif --clicks 3" })
final class PromptEvalCommand implements Callable<Integer> {

	@Option(names = "--model", defaultValue = "nuclei-prompt", paramLabel = "M", description = "A promptable model (name or path; default ${DEFAULT-VALUE}).")
	String model;

	@Option(names = { "-i", "--input" }, required = true, paramLabel = "IN", description = "The image (2D).")
	Path input;

	@Option(names = "--truth", required = true, paramLabel = "LABELS", description = "Its instance labels (0 = background).")
	Path truth;

	@Option(names = "--clicks", defaultValue = "3", paramLabel = "N", description = "Clicks of the corrective-click curve (default ${DEFAULT-VALUE}; 0: none).")
	int clicks;

	@Option(names = "--stop-at", defaultValue = "0.9", paramLabel = "IOU", description = "No more corrective clicks on an object whose IoU reached this (default ${DEFAULT-VALUE}; above 1: every object gets every click).")
	double stopAt;

	@Option(names = "--threshold", defaultValue = "0.5", paramLabel = "T", description = "Object probability threshold (default ${DEFAULT-VALUE}).")
	double threshold;

	@Option(names = "--device", defaultValue = "auto", paramLabel = "D", description = "cpu, gpu or auto (default ${DEFAULT-VALUE}).")
	String device;

	@Option(names = "--write-prompts", paramLabel = "DIR", description = "Also write the prompts as ROI sets: DIR/clicks.zip (one point per object) and DIR/boxes.zip.")
	Path writePrompts;

	@Option(names = "--json", paramLabel = "OUT", description = "Write the figures as JSON.")
	Path json;

	@Override
	@SuppressWarnings("unchecked")
	public Integer call() throws Exception {
		if (!(threshold > 0 && threshold < 1))
			throw new UsageException("--threshold must be in (0, 1) (got " + threshold + ").");
		if (clicks < 0)
			throw new UsageException("--clicks must be >= 0 (got " + clicks + ").");
		ImagePlus imp = ImageFiles.open(input), lab = ImageFiles.open(truth);
		if (imp.getStackSize() != 1 || lab.getStackSize() != 1)
			throw new InputException("eval-prompts takes a 2D image and 2D labels.");
		if (imp.getWidth() != lab.getWidth() || imp.getHeight() != lab.getHeight())
			throw new InputException("The labels are " + lab.getWidth() + "x" + lab.getHeight() + ", the image " + imp.getWidth() + "x"
					+ imp.getHeight() + ".");
		int w = imp.getWidth(), h = imp.getHeight();
		Img<IntType> l = LabelImages.fromImagePlus(lab);
		int[] labels = new int[w * h];
		Cursor<IntType> c = l.cursor();
		for (int i = 0; c.hasNext(); i++)
			labels[i] = c.next().get();
		PromptEvaluation.Truth t = PromptEvaluation.Truth.of(labels, w, h);
		if (writePrompts != null) {
			java.nio.file.Files.createDirectories(writePrompts);
			ImageFiles.writeAtomically(writePrompts.resolve("clicks.zip"), new RoiSet("clicks", rois(t.clicks())).zip());
			ImageFiles.writeAtomically(writePrompts.resolve("boxes.zip"), new RoiSet("boxes", rois(t.boxes())).zip());
		}
		ModelService service = SegmentIJ.models();
		List<PromptEvaluation.Figures> all = new ArrayList<>();
		try (PromptableModel m = service.promptable(model, service.device(device))) {
			long t0 = System.nanoTime();
			PromptableModel.Embedding e = m.encode((RandomAccessibleInterval<? extends RealType<?>>) ImagePlusAdapter.wrapReal(imp).data());
			double encode = (System.nanoTime() - t0) / 1e9;
			System.out.printf(Locale.ROOT, "%s on %s: %d objects, encoded in %.2f s%n", m.name(), input.getFileName(), t.present().length, encode);
			PromptEvaluation.Figures one = PromptEvaluation.evaluate("1 click", m, e, t, t.clicks(), threshold);
			System.out.println(one.line());
			all.add(one);
			PromptEvaluation.Figures box = PromptEvaluation.evaluate("box", m, e, t, t.boxes(), threshold);
			System.out.println(box.line());
			all.add(box);
			if (clicks > 1)
				System.out.println(stopAt > 1 ? "corrective clicks on every object:"
						: String.format(Locale.ROOT, "corrective clicks on the objects below IoU %.2f:", stopAt));
			if (clicks > 1)
				for (PromptEvaluation.Figures f : PromptEvaluation.clickCurve(m, e, t, clicks, threshold, stopAt).subList(1, clicks)) {
					System.out.println(f.line());
					all.add(f);
				}
		}
		if (json != null) {
			java.util.Map<String, Object> root = new java.util.LinkedHashMap<>();
			root.put("model", model);
			root.put("image", input.toString());
			root.put("threshold", threshold);
			root.put("stop_at", stopAt);
			List<Object> results = new ArrayList<>();
			for (PromptEvaluation.Figures f : all) {
				java.util.Map<String, Object> r = new java.util.LinkedHashMap<>();
				r.put("prompts", f.prompts());
				r.put("objects", f.objects());
				r.put("mean_iou", f.meanIoU());
				r.put("median_iou", f.medianIoU());
				r.put("fraction_iou_0.9", f.fractionAbove90());
				r.put("label_mean_iou", f.meanLabelIoU());
				r.put("seconds", f.seconds());
				results.add(r);
			}
			root.put("results", results);
			ImageFiles.writeAtomically(json, Json.write(root).getBytes(StandardCharsets.UTF_8));
		}
		return Main.OK;
	}

	/** Prompts as ROIs: a point per click, a rectangle per box. */
	static List<Roi> rois(List<ObjectPrompt> prompts) {
		List<Roi> out = new ArrayList<>();
		for (ObjectPrompt p : prompts) {
			Roi r;
			if (p.box() != null)
				r = new Roi(p.box()[0], p.box()[1], p.box()[2] - p.box()[0] + 1, p.box()[3] - p.box()[1] + 1);
			else
				r = new PointRoi((int) Math.round(p.clicks().get(0).x()), (int) Math.round(p.clicks().get(0).y()));
			r.setName(p.name());
			out.add(r);
		}
		return out;
	}
}
