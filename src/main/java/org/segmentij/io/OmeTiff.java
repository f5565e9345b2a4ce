package org.segmentij.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.io.TiffDecoder;
import ij.measure.Calibration;

/**
 * OME-TIFF metadata for TIFFs that ImageJ 1 opened as plain TIFF. ImageJ 1 (without Bio-Formats)
 * reads the pixels of an OME-TIFF but not its OME-XML, so the physical pixel sizes and the
 * dimension order are lost. {@link #apply} reads the OME-XML from the first ImageDescription and
 * sets the calibration from the first {@code Pixels} element's PhysicalSizeX/Y/Z (with their
 * units; micrometres when no unit is given, as in the OME schema) and TimeIncrement, and, when the
 * file's planes are exactly SizeC &times; SizeZ &times; SizeT, orders them as an ImageJ hyperstack
 * (channels, slices, frames) from the DimensionOrder.
 */
public final class OmeTiff {

	private OmeTiff() {
	}

	/** The ImageDescription of the first image of a TIFF file, or null. */
	public static String description(Path tiff) {
		try {
			Path abs = tiff.toAbsolutePath();
			TiffDecoder td = new TiffDecoder(abs.getParent().toString() + java.io.File.separator, abs.getFileName().toString());
			FileInfo[] fi = td.getTiffInfo();
			return fi == null || fi.length == 0 ? null : fi[0].description;
		}
		catch (IOException | RuntimeException e) {
			return null;
		}
	}

	/** Applies the OME-XML of {@code tiff} (if it has some) to {@code imp}; true when it did. */
	public static boolean apply(ImagePlus imp, Path tiff) {
		String d = description(tiff);
		return d != null && d.contains("<OME") && apply(imp, d);
	}

	/** Applies an OME-XML document to {@code imp}; false when it has no Pixels element or cannot be parsed. */
	public static boolean apply(ImagePlus imp, String omeXml) {
		Element pixels;
		try {
			DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
			f.setNamespaceAware(true);
			f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			DocumentBuilder b = f.newDocumentBuilder();
			b.setErrorHandler(null);
			Document doc = b.parse(new ByteArrayInputStream(omeXml.trim().getBytes(StandardCharsets.UTF_8)));
			pixels = first(doc.getDocumentElement(), "Pixels");
		}
		catch (Exception e) {
			return false;
		}
		if (pixels == null)
			return false;
		reorder(imp, pixels);
		Calibration cal = imp.getCalibration().copy();
		String unit = null;
		double[] size = new double[3];
		String[] axes = { "X", "Y", "Z" };
		for (int i = 0; i < 3; i++) {
			String v = pixels.getAttribute("PhysicalSize" + axes[i]);
			if (v.isEmpty())
				continue;
			double s;
			try {
				s = Double.parseDouble(v);
			}
			catch (NumberFormatException e) {
				continue;
			}
			if (!(s > 0) || !Double.isFinite(s))
				continue;
			String u = pixels.getAttribute("PhysicalSize" + axes[i] + "Unit");
			String iu = imageJUnit(u.isEmpty() ? "\u00b5m" : u);
			if (unit == null)
				unit = iu;
			else if (!unit.equals(iu))
				s = convert(s, iu, unit);
			size[i] = s;
		}
		if (unit != null) {
			cal.setUnit(unit);
			if (size[0] > 0)
				cal.pixelWidth = size[0];
			if (size[1] > 0)
				cal.pixelHeight = size[1];
			else if (size[0] > 0)
				cal.pixelHeight = size[0];
			if (size[2] > 0)
				cal.pixelDepth = size[2];
		}
		String ti = pixels.getAttribute("TimeIncrement");
		if (!ti.isEmpty()) {
			try {
				double t = Double.parseDouble(ti);
				if (t > 0) {
					cal.frameInterval = t;
					String tu = pixels.getAttribute("TimeIncrementUnit");
					cal.setTimeUnit(tu.isEmpty() ? "sec" : tu.equals("s") ? "sec" : tu);
				}
			}
			catch (NumberFormatException e) {
				// no frame interval
			}
		}
		imp.setCalibration(cal);
		return true;
	}

	/** Orders the planes as channels, slices, frames when the plane count is SizeC*SizeZ*SizeT. */
	private static void reorder(ImagePlus imp, Element pixels) {
		int c, z, t;
		try {
			c = Integer.parseInt(pixels.getAttribute("SizeC"));
			z = Integer.parseInt(pixels.getAttribute("SizeZ"));
			t = Integer.parseInt(pixels.getAttribute("SizeT"));
		}
		catch (NumberFormatException e) {
			return;
		}
		String order = pixels.getAttribute("DimensionOrder").toUpperCase(Locale.ROOT);
		int n = imp.getStackSize();
		if (c < 1 || z < 1 || t < 1 || (long) c * z * t != n || n == 1 || order.length() != 5 || !order.startsWith("XY"))
			return;
		int[] sizes = new int[3]; // in file order (fastest first)
		int[] stride = new int[3]; // stride of c, z, t in the file
		int s = 1;
		for (int k = 0; k < 3; k++) {
			char a = order.charAt(2 + k);
			int size = a == 'C' ? c : a == 'Z' ? z : a == 'T' ? t : -1;
			if (size < 0)
				return;
			sizes[k] = size;
			stride["CZT".indexOf(a)] = s;
			s *= size;
		}
		if (stride[0] == 0 || stride[1] == 0 || stride[2] == 0)
			return;
		ImageStack in = imp.getStack(), out = new ImageStack(imp.getWidth(), imp.getHeight());
		for (int ti = 0; ti < t; ti++)
			for (int zi = 0; zi < z; zi++)
				for (int ci = 0; ci < c; ci++) {
					int p = 1 + ci * stride[0] + zi * stride[1] + ti * stride[2];
					out.addSlice(in.getSliceLabel(p), in.getPixels(p));
				}
		imp.setStack(out, c, z, t);
		if (c > 1 || (z > 1 && t > 1))
			imp.setOpenAsHyperStack(true);
	}

	private static Element first(Element root, String localName) {
		NodeList all = root.getElementsByTagNameNS("*", localName);
		for (int i = 0; i < all.getLength(); i++) {
			Node n = all.item(i);
			if (n instanceof Element e)
				return e;
		}
		return null;
	}

	/** OME unit symbols to ImageJ's ("µm" is ImageJ's "micron"). */
	static String imageJUnit(String ome) {
		return switch (ome) {
			case "\u00b5m", "\u03bcm", "um", "micron" -> "micron";
			default -> ome;
		};
	}

	private static double convert(double v, String from, String to) {
		double a = metres(from), b = metres(to);
		return Double.isNaN(a) || Double.isNaN(b) ? v : v * a / b;
	}

	private static double metres(String u) {
		return switch (u) {
			case "m" -> 1;
			case "cm" -> 1e-2;
			case "mm" -> 1e-3;
			case "micron" -> 1e-6;
			case "nm" -> 1e-9;
			case "pm" -> 1e-12;
			case "\u00c5" -> 1e-10;
			default -> Double.NaN;
		};
	}
}
