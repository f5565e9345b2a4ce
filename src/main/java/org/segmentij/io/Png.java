package org.segmentij.io;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferUShort;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.segmentij.UsageException;

import ij.ImagePlus;

/**
 * PNG output of the pixel values themselves: 8-bit as 8-bit grey, 16-bit as 16-bit grey, RGB as
 * RGB, whatever the display range or LUT (ImageJ's own PNG writer writes what is displayed, which
 * for a mask or label image need not be its values). One 2D image; no spacing (PNG holds none).
 */
public final class Png {

	private Png() {
	}

	/** Refuses, naming {@code file}, a result PNG cannot hold: several planes, or 32-bit values. */
	public static void check(ImagePlus imp, Path file) {
		if (imp.getStackSize() > 1)
			throw new UsageException("Cannot write " + file + ": PNG holds one 2D image, the result has " + imp.getStackSize()
					+ " planes. Use .tif or .nii.gz.");
		if (imp.getBitDepth() == 32)
			throw new UsageException("Cannot write " + file + ": PNG holds 8- or 16-bit values, the result is 32-bit"
					+ " (real values, or labels above 65535). Use .tif or .nii.gz.");
	}

	public static void write(ImagePlus imp, Path file) throws IOException {
		check(imp, file);
		int w = imp.getWidth(), h = imp.getHeight();
		Object px = imp.getProcessor().getPixels();
		BufferedImage bi;
		switch (imp.getBitDepth()) {
			case 8 -> {
				bi = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
				System.arraycopy(px, 0, ((DataBufferByte) bi.getRaster().getDataBuffer()).getData(), 0, w * h);
			}
			case 16 -> {
				bi = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
				System.arraycopy(px, 0, ((DataBufferUShort) bi.getRaster().getDataBuffer()).getData(), 0, w * h);
			}
			case 24 -> {
				bi = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
				int[] d = ((DataBufferInt) bi.getRaster().getDataBuffer()).getData();
				int[] p = (int[]) px;
				for (int i = 0; i < d.length; i++)
					d[i] = p[i] & 0xffffff;
			}
			default -> throw new UsageException("Cannot write " + file + ": PNG has no 32-bit float pixels. Use .tif or .nii.gz.");
		}
		if (!ImageIO.write(bi, "png", file.toFile()))
			throw new IOException("no PNG writer in this Java");
	}
}
