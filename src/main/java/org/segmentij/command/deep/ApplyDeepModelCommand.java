package org.segmentij.command.deep;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.deep.infer.Tiling;
import org.segmentij.deep.store.LoadedModel;
import org.segmentij.deep.store.ModelStore;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.image.LabelImages;
import org.segmentij.service.ModelService;
import org.segmentij.service.SegmentIJ;

import ai.djl.Device;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

/**
 * Runs a trained segmentation model (a SegmentIJ model package or a BioImage Model Zoo folder)
 * over the image in tiles, slice by slice: per-class probability maps or a label image.
 */
@Plugin(type = Command.class, name = "apply-model", label = "Apply Deep Model", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Deep Learning>Apply Deep Model",
		description = "Applies a deep-learning segmentation model (models/NAME/model.json, or a BioImage Model Zoo rdf.yaml folder) in tiles with blended overlaps; gives 32-bit probabilities per class or argmax labels.")
public class ApplyDeepModelCommand extends ImageCommand {

	@Parameter(label = "Model", description = "A model name (a folder under ./models, ~/.segmentij/models or Fiji's models) or the path of a model package.")
	private String model = "";

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" }, description = "auto: the GPU when PyTorch sees one, else the CPU.")
	private String device = "auto";

	@Parameter(label = "Tile size", min = "0", description = "Tile side in pixels (a multiple of the network's size multiple); 0: the model's own.")
	private int tile = 0;

	@Parameter(label = "Halo", min = "-1", description = "Pixels discarded at inner tile borders and blended; -1: the model's own.")
	private int halo = -1;

	@Parameter(label = "Batch size", min = "1", description = "Tiles per network call.")
	private int batch = 4;

	@Parameter(label = "Output", choices = { "probabilities", "labels" }, description = "probabilities: one 32-bit channel per class; labels: the most probable class (0 = first class).")
	private String result = "probabilities";

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void run() {
		requireInput();
		ModelService service = SegmentIJ.models();
		Device d = service.device(device);
		LoadedModel m = service.model(model, d);
		String arch = architecture();
		if (arch != null && !arch.equals(m.modelPackage().architecture))
			throw new org.segmentij.InputException("The model " + m.modelPackage().name + " is a '" + m.modelPackage().architecture
					+ "' network, not a '" + arch + "'; run it with " + (m.modelPackage().architecture.isEmpty() ? "apply-model"
							: "'" + m.modelPackage().architecture + "' or apply-model") + ".");
		boolean rgbChannels = isRgb() && m.modelPackage().inputChannels == 3;
		AxisImage image = realImage(rgbChannels);
		ModelStore.checkFits(m.modelPackage(), image);
		output = apply(m, image, m.tiling(tile, halo, batch));
	}

	/** The architecture this command runs (the per-architecture commands: unet, segnet, ...), or null for any model. */
	protected String architecture() {
		return null;
	}

	private <T extends RealType<T> & NativeType<T>> ij.ImagePlus apply(LoadedModel m, AxisImage<T> image, Tiling tiling) {
		if ("labels".equals(result))
			return LabelImages.toImagePlus(m.labels(image, tiling, resultTitle(m.modelPackage().name + "-labels")));
		ij.ImagePlus imp = ImagePlusAdapter.toImagePlus(m.probabilities(image, tiling, resultTitle(m.modelPackage().name)));
		if (m.modelPackage().classes.size() > 1)
			for (int c = 0; c < m.modelPackage().classes.size() && c < imp.getStackSize(); c++)
				imp.getStack().setSliceLabel(m.modelPackage().classes.get(c), imp.getStackIndex(c + 1, 1, 1));
		return imp;
	}
}
