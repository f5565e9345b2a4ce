package org.segmentij.command.filter;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.UsageException;
import org.segmentij.classical.filter.GaussianBlur;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;

import ij.ImagePlus;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

/** Separable Gaussian blur with one sigma per spatial axis, as a 32-bit image. */
@Plugin(type = Command.class, name = "gaussian-blur", label = "Gaussian Blur", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Filters>Gaussian Blur",
		description = "Gaussian blur (kernel truncated at 4 sigma, mirrored borders) with a sigma per axis; 3D for stacks with Z; channels and frames are not mixed; 32-bit result.")
public class GaussianBlurCommand extends ImageCommand {

	@Parameter(label = "Sigma X", min = "0", description = "Standard deviation along x (pixels, or calibrated units when calibrated); 0 = no blur along x.")
	private double sigma_x = 2;

	@Parameter(label = "Sigma Y", min = "0", description = "Standard deviation along y; 0 = no blur along y.")
	private double sigma_y = 2;

	@Parameter(label = "Sigma Z", min = "0", description = "Standard deviation along z for stacks with a Z axis (ignored for 2D images); 0 = each slice on its own.")
	private double sigma_z = 2;

	@Parameter(label = "Calibrated", description = "Sigmas are in calibrated units (the image's pixel width, height and depth), not pixels.")
	private boolean calibrated = false;

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void run() {
		AxisImage image = realImage();
		output = blur(image);
	}

	private <T extends RealType<T> & NativeType<T>> ImagePlus blur(AxisImage<T> image) {
		check("sigma_x", sigma_x);
		check("sigma_y", sigma_y);
		check("sigma_z", sigma_z);
		double[] scale = image.scale();
		double[] s = new double[image.data().numDimensions()];
		Axis[] spatial = { Axis.X, Axis.Y, Axis.Z };
		double[] given = { sigma_x, sigma_y, sigma_z };
		for (int a = 0; a < 3; a++) {
			int d = image.dimensionOf(spatial[a]);
			if (d < 0)
				continue;
			double px = given[a];
			if (calibrated) {
				if (!(scale[d] > 0) || Double.isInfinite(scale[d]))
					throw new UsageException("Gaussian Blur: the pixel size along " + spatial[a] + " is " + scale[d]
							+ "; set it with Image > Properties, or leave 'calibrated' off and give sigmas in pixels.");
				px = given[a] / scale[d];
			}
			s[d] = px;
		}
		return ImagePlusAdapter.toImagePlus(image.withData(resultTitle("gaussian"), GaussianBlur.blurred(image.data(), s)));
	}

	private static void check(String name, double v) {
		if (!(v >= 0) || Double.isInfinite(v))
			throw new UsageException("Gaussian Blur: " + name + " must be a finite number >= 0 (got " + v + "); use e.g. "
					+ name + "=2, or 0 for no blur along that axis.");
	}
}
