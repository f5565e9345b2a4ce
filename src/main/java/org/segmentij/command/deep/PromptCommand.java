package org.segmentij.command.deep;

import java.nio.file.Path;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.InputException;
import org.segmentij.UsageException;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.deep.prompt.MaskRegion;
import org.segmentij.deep.prompt.PromptSegmentation;
import org.segmentij.deep.prompt.PromptableModel;
import org.segmentij.ij1.LabelRois;
import org.segmentij.ij1.PromptRois;
import org.segmentij.image.AxisImage;
import org.segmentij.image.LabelImages;
import org.segmentij.metrics.RoiGroundTruth;
import org.segmentij.service.ModelService;
import org.segmentij.service.RoiSet;
import org.segmentij.service.SegmentIJ;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;

/**
 * Promptable segmentation from ROIs: each prompt ROI (points, boxes, ROI Manager groups; see
 * {@link PromptRois}) becomes one object, segmented by a promptable model (SegmentIJ's own, or any
 * other {@link PromptableModel}); a label image (object i = label i) and one ROI per object.
 */
@Plugin(type = Command.class, name = "prompt", label = "Promptable Segmentation", headless = true, menuRoot = Techniques.MENU_ROOT,
		menuPath = Techniques.MENU + "Deep Learning>Promptable Segmentation",
		description = "Segments the objects you point at with a promptable model (click or box in, the object out): every point of a point or multi-point ROI is one object, a rectangle (or other area) is a box, ROIs of one ROI Manager group are one object together (counter-1 points negative). Prompts: rois=prompts.zip, else the image's selection or the ROI Manager. A label image and one ROI per object.")
public class PromptCommand extends ImageCommand {

	@Parameter(label = "Model", description = "A promptable model: name under models/ or path (e.g. nuclei-prompt).")
	private String model = "nuclei-prompt";

	@Parameter(label = "ROIs", required = false, description = "Prompt ROI set (.zip or .roi); empty: the image's selection, else the ROI Manager.")
	private String rois = "";

	@Parameter(label = "Threshold", min = "0.01", max = "0.99", stepSize = "0.05", description = "Object probability above which a pixel belongs to the object.")
	private double threshold = 0.5;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" })
	private String device = "auto";

	@Parameter(type = ItemIO.OUTPUT, label = "Object ROIs")
	private RoiSet objects;

	@Override
	public void run() {
		requireInput();
		if (!(threshold > 0 && threshold < 1))
			throw new UsageException("Promptable Segmentation: threshold must be in (0, 1) (got " + threshold + "); use e.g. threshold=0.5.");
		if (input.getStackSize() > 1) {
			int c = input.getNChannels(), z = input.getNSlices(), t = input.getNFrames();
			String what = c > 1 ? c + " channels" + (z * t > 1 ? " and " + z * t + " planes" : "") : input.getStackSize() + " planes";
			throw new InputException("Promptable Segmentation works on single 2D images; '" + input.getTitle() + "' has " + what
					+ ". Duplicate one channel and plane first (Image > Duplicate...).");
		}
		AxisImage<?> image = realImage(); // the image's own problems are named first
		List<PromptSegmentation.ObjectPrompt> prompts = PromptRois.objects(promptRois());
		int w = input.getWidth(), h = input.getHeight();
		ModelService service = SegmentIJ.models();
		PromptableModel m = service.promptable(model, service.device(device));
		try {
			PromptableModel.Embedding e = m.encode(plane(image));
			List<MaskRegion> masks = PromptSegmentation.segment(m, e, prompts, threshold);
			Img<IntType> labels = PromptSegmentation.labels(masks, w, h, threshold);
			output = LabelImages.toImagePlus(AxisImage.of(resultTitle("prompt-labels"), labels, org.segmentij.image.Axis.X,
					org.segmentij.image.Axis.Y));
			List<Roi> list = LabelRois.toRois(output);
			objects = new RoiSet(resultTitle("objects"), list);
		}
		finally {
			m.close();
		}
	}

	@SuppressWarnings("unchecked")
	private static RandomAccessibleInterval<? extends RealType<?>> plane(AxisImage<?> image) {
		RandomAccessibleInterval<? extends RealType<?>> d = (RandomAccessibleInterval<? extends RealType<?>>) image.data();
		while (d.numDimensions() > 2) // singleton axes (one channel, one slice)
			d = net.imglib2.view.Views.hyperSlice(d, d.numDimensions() - 1, d.min(d.numDimensions() - 1));
		return d;
	}

	private List<Roi> promptRois() {
		String spec = rois == null ? "" : rois.trim();
		if (!spec.isEmpty()) {
			try {
				return RoiGroundTruth.read(Path.of(spec));
			}
			catch (IllegalArgumentException e) {
				throw new InputException("Promptable Segmentation: " + e.getMessage());
			}
		}
		Roi roi = input.getRoi();
		if (roi != null)
			return List.of(roi);
		RoiManager rm = RoiManager.getInstance();
		if (rm != null && rm.getCount() > 0)
			return RoiGroundTruth.fromRoiManager();
		throw new UsageException("Promptable Segmentation needs prompts: click the objects (multi-point tool) or draw a box, add ROIs to the"
				+ " ROI Manager, or give rois=prompts.zip (on the command line --rois prompts.zip).");
	}

	public RoiSet getObjects() {
		return objects;
	}
}
