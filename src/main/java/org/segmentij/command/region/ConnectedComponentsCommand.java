package org.segmentij.command.region;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.util.Intervals;
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
		int n = mask.data().numDimensions();
		if (n <= 3) {
			// runs painted straight into the 16-bit ImageJ pixels when the labels fit (no int image,
			// no pass to find the largest label, no conversion)
			ConnectedComponents.Runs runs = ConnectedComponents.runs(mask.data(), c);
			long[] dims = mask.data().dimensionsAsLongArray();
			if (runs.count() <= 65535) {
				Img<UnsignedShortType> img;
				short[][] pixels;
				if (n <= 2) {
					img = ArrayImgs.unsignedShorts(dims);
					pixels = new short[][] { ((ArrayImg<UnsignedShortType, ShortArray>) img).update(null).getCurrentStorageArray() };
				}
				else {
					PlanarImg<UnsignedShortType, ShortArray> planar = PlanarImgs.unsignedShorts(dims);
					pixels = new short[planar.numSlices()][];
					for (int z = 0; z < pixels.length; z++)
						pixels[z] = planar.getPlane(z).getCurrentStorageArray();
					img = planar;
				}
				runs.paint(pixels);
				return LabelImages.toImagePlus16(mask.withData(resultTitle("labels"), img));
			}
			int[] lab = new int[(int) Intervals.numElements(dims)];
			runs.paint(lab);
			return LabelImages.toImagePlus(mask.withData(resultTitle("labels"), ArrayImgs.ints(lab, dims)));
		}
		return LabelImages.toImagePlus(mask.withData(resultTitle("labels"), ConnectedComponents.label(mask.data(), c)));
	}
}
