package org.segmentij.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.image.SyntheticNuclei;

import ij.io.FileSaver;

/**
 * In a plain ImageJ 1 under Xvfb with the plugin jar installed, the dialogs of "Otsu Threshold"
 * and "Train Network..." open from their menu commands and are saved as PNG screenshots under
 * target/screenshots/ for review (see {@link DialogScreenshotProbe}); each screenshot holds a
 * drawn dialog (many colours, not one flat tone), and Cancel ends the command. Ticking Otsu's
 * "Preview (current slice)" shows a preview window equal to Otsu's result, closed by Cancel.
 */
class DialogScreenshotIT {

	static final List<String> DIALOGS = List.of("Otsu Threshold", "Train Network...");

	@TempDir
	Path tmp;

	@Test
	void dialogsOpenAndAreCaptured() throws Exception {
		ImageJ1Process ij = new ImageJ1Process(tmp);
		Path out = Files.createDirectories(Path.of("target", "screenshots").toAbsolutePath());
		for (String label : DIALOGS)
			Files.deleteIfExists(out.resolve(DialogScreenshotProbe.fileName(label) + ".png"));
		Files.deleteIfExists(out.resolve("screenshots.txt"));
		SyntheticNuclei.Sample s = SyntheticNuclei.generate(SyntheticNuclei.Params.defaults2D(96, 80, 6, 4));
		Path in = tmp.resolve("cells.tif");
		assertTrue(new FileSaver(ImagePlusAdapter.toImagePlus(AxisImage.of("cells", s.image(), Axis.X, Axis.Y))).saveAsTiff(in.toString()));

		List<String> args = new java.util.ArrayList<>(List.of(DialogScreenshotProbe.class.getName(), ij.home.toString(), in.toString(), out.toString()));
		args.addAll(DIALOGS);
		ImageJ1Process.Result r = ij.java(ImageJ1Process.classFolders(), args, 120);
		r.assertOk();
		List<String> report = Files.readAllLines(out.resolve("screenshots.txt"));
		assertEquals(DIALOGS.size(), report.size(), r.output());
		for (String line : report)
			assertTrue(line.startsWith("OK "), line + "\n" + r.output());
		// Otsu's dialog has a live preview; it equals the technique's own result and closes with the dialog
		assertTrue(report.get(0).endsWith(" preview=same"), report.get(0) + "\n" + r.output());
		for (String label : DIALOGS) {
			Path png = out.resolve(DialogScreenshotProbe.fileName(label) + ".png");
			assertTrue(Files.isRegularFile(png), png + " not written:\n" + r.output());
			BufferedImage img = ImageIO.read(png.toFile());
			assertNotNull(img, png + " is not a PNG");
			assertTrue(img.getWidth() >= 150 && img.getHeight() >= 80, png + " is only " + img.getWidth() + "x" + img.getHeight());
			assertDrawn(img, png);
		}
	}

	/** Not blank: the grey values vary (standard deviation over 10 levels) and there are several colours. */
	private static void assertDrawn(BufferedImage img, Path png) {
		double sum = 0, sum2 = 0;
		Set<Integer> colours = new HashSet<>();
		int n = img.getWidth() * img.getHeight();
		for (int y = 0; y < img.getHeight(); y++)
			for (int x = 0; x < img.getWidth(); x++) {
				int rgb = img.getRGB(x, y) & 0xffffff;
				colours.add(rgb);
				double grey = ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3.0;
				sum += grey;
				sum2 += grey * grey;
			}
		double mean = sum / n, sd = Math.sqrt(Math.max(0, sum2 / n - mean * mean));
		assertTrue(sd > 10, png + " looks blank: grey standard deviation " + sd);
		assertTrue(colours.size() >= 3, png + " has only " + colours.size() + " colours");
	}
}
