package org.segmentij.command.region;

import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.region.ConnectedComponents;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.image.LabelImages;

import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

/** Connected-component labelling of a mask: one label per object, 2D or 3D. */
@Plugin(type = Command.class, name = "connected-components", label = "Connected Components Labeling", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Regions>Connected Components Labeling",
		description = "Labels each connected object of a mask (nonzero pixels) 1..n in raster order; a 3D stack is labelled in 3D.")
public class ConnectedComponentsCommand extends ImageCommand {

	@Parameter(label = "Connectivity", choices = { "full", "face" },
			description = "full: 8-connected in 2D, 26 in 3D; face: 4-connected in 2D, 6 in 3D.")
	private String connectivity = "full";

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void run() {
		AxisImage image = realImage();
		output = label(image);
	}

	private <T extends RealType<T> & NativeType<T>> ij.ImagePlus label(AxisImage<T> mask) {
		ConnectedComponents.Connectivity c = "face".equals(connectivity) ? ConnectedComponents.Connectivity.FACE
				: ConnectedComponents.Connectivity.FULL;
		if (mask.data().numDimensions() > 3)
			return LabelImages.toImagePlus(mask.withData(resultTitle("labels"), ConnectedComponents.label(mask.data(), c)));
		// runs painted straight into the 16-bit (or 32-bit) result: no int label image in between,
		// an 8-bit mask read where it is (a 16384^2 mask: 0.5 GB result, not 1.5 GB more)
		ConnectedComponents.Components comps = ConnectedComponents.components(mask.data(), c);
		return LabelImages.toImagePlus(mask, resultTitle("labels"), comps.count(), painter -> comps.paint(painter::fill));
	}
}
