package org.segmentij.command.region;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import org.segmentij.classical.PixelArrays;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.region.LabelTools;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.image.AxisImage;
import org.segmentij.image.LabelImages;

import ij.ImagePlus;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.IntType;

/** Cleans a label image: removes small objects and objects on the border, fills holes, relabels 1..n. */
@Plugin(type = Command.class, name = "label-cleanup", label = "Clean Up Labels", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Regions>Clean Up Labels",
		description = "Removes objects smaller than min_size (calibrated area or volume) and, if asked, objects touching the border; fills holes; relabels 1..n.")
public class LabelCleanupCommand extends ImageCommand {

	@Parameter(label = "Min size", min = "0", description = "Smallest object kept, in calibrated area (2D) or volume (3D) units; 0 keeps all.")
	private double min_size = 0;

	@Parameter(label = "Remove border objects", description = "Remove objects touching the image border (in x and y; and z for stacks).")
	private boolean remove_border = false;

	@Parameter(label = "Fill holes", description = "Give holes enclosed by one object that object's label.")
	private boolean fill_holes = false;

	@Override
	public void run() {
		requireInput();
		Img<IntType> labels = LabelImages.fromImagePlus(input);
		AxisImage<?> meta = realImage();
		double[] spacing = meta.scale();
		LabelTools.Cleaned c = LabelTools.cleanUp(labels, fill_holes, min_size, spacing, remove_border, true);
		ImagePlus result;
		if (c.count() <= 65535) {
			// straight into 16-bit ImageJ planes, no pass to find the largest label
			long[] dims = c.dims();
			int plane = (int) (dims[0] * (dims.length > 1 ? dims[1] : 1));
			int planes = c.labels().length / Math.max(1, plane);
			int[] src = c.labels();
			Img<UnsignedShortType> img;
			if (planes <= 1 || dims.length <= 2) {
				img = ArrayImgs.unsignedShorts(dims);
				copy(src, ((ArrayImg<UnsignedShortType, ShortArray>) img).update(null).getCurrentStorageArray(), 0, src.length);
			}
			else {
				PlanarImg<UnsignedShortType, ShortArray> pl = PlanarImgs.unsignedShorts(dims);
				for (int p = 0; p < planes; p++)
					copy(src, pl.getPlane(p).getCurrentStorageArray(), p * plane, plane);
				img = pl;
			}
			result = LabelImages.toImagePlus16(meta.withData(resultTitle("clean"), img));
		}
		else
			result = LabelImages.toImagePlus(meta.withData(resultTitle("clean"), ArrayImgs.ints(c.labels(), c.dims())));
		output = result;
	}

	/** {@code dst[i] = src[from + i]} as unsigned 16-bit, in parallel. */
	private static void copy(int[] src, short[] dst, int from, int len) {
		PixelArrays.parallel(len, 1, (a, b) -> {
			for (int i = a; i < b; i++)
				dst[i] = (short) src[from + i];
		});
	}
}
