package org.segmentij.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import org.segmentij.InputException;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.Opener;
import ij.measure.Calibration;
import ij.process.ImageProcessor;
import ij.util.DicomTools;

/**
 * A folder of single-slice DICOM files opened as one stack. Each file is read by ImageJ 1's DICOM
 * reader; the slices are ordered by their Image Position (Patient) (0020,0032) projected on the
 * slice normal (the cross product of the two Image Orientation (Patient) (0020,0037) direction
 * cosines; the z axis when there is none), or by Instance Number (0020,0013) when some file has no
 * position, or else by file name. The slice spacing is the distance between the first and last
 * positions divided by the number of gaps (else Spacing Between Slices (0018,0088) or Slice
 * Thickness (0018,0050)); the in-plane spacing is ImageJ's, from Pixel Spacing (0028,0030), in mm.
 * A folder that mixes series (different Series Instance UID, 0020,000E), image sizes or types, or
 * has two slices at one position, is refused with a message.
 */
public final class DicomSeries {

	private DicomSeries() {
	}

	/** Whether the file is DICOM: "DICM" at byte 128, or named .dcm. */
	public static boolean isDicomFile(Path f) {
		if (f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".dcm"))
			return true;
		try (InputStream in = Files.newInputStream(f)) {
			byte[] b = in.readNBytes(132);
			return b.length == 132 && b[128] == 'D' && b[129] == 'I' && b[130] == 'C' && b[131] == 'M';
		}
		catch (IOException e) {
			return false;
		}
	}

	/** The DICOM files directly in {@code dir}, sorted by name. */
	public static List<Path> files(Path dir) {
		try (Stream<Path> s = Files.list(dir)) {
			return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).filter(DicomSeries::isDicomFile)
					.sorted().toList();
		}
		catch (IOException e) {
			throw new InputException("Cannot list " + dir + ": " + e.getMessage());
		}
	}

	/** Whether {@code dir} is a folder holding DICOM files. */
	public static boolean isDicomFolder(Path dir) {
		return Files.isDirectory(dir) && !files(dir).isEmpty();
	}

	private record Slice(Path file, ImagePlus imp, double[] position, double instance) {
	}

	/** Opens the DICOM files of {@code dir} as one stack (see the class comment). */
	public static ImagePlus open(Path dir) {
		List<Path> files = files(dir);
		if (files.isEmpty())
			throw new InputException("No DICOM files in " + dir + " (looked for .dcm names and files with the DICM marker).");
		List<Slice> slices = new ArrayList<>();
		Set<String> series = new LinkedHashSet<>();
		double[] normal = null;
		for (Path f : files) {
			ImagePlus imp;
			ImageFileCheck.check(f);
			try {
				imp = new Opener().openImage(f.toAbsolutePath().toString());
			}
			catch (RuntimeException e) {
				imp = null;
			}
			if (imp == null)
				throw new InputException("Cannot open " + f + " as DICOM (corrupt or not an image); remove it from the series folder " + dir + ".");
			if (imp.getStackSize() != 1)
				throw new InputException(f + " holds " + imp.getStackSize() + " frames; a DICOM series folder must hold single-slice files. "
						+ "Open the multi-frame file on its own.");
			String uid = tag(imp, "0020,000E");
			if (uid != null)
				series.add(uid);
			if (normal == null)
				normal = normal(numbers(tag(imp, "0020,0037"), 6));
			slices.add(new Slice(f, imp, numbers(tag(imp, "0020,0032"), 3), number(tag(imp, "0020,0013"))));
		}
		if (series.size() > 1)
			throw new InputException(dir + " mixes " + series.size() + " DICOM series (Series Instance UIDs " + String.join(", ", series)
					+ "); put each series in its own folder.");
		ImagePlus first = slices.get(0).imp;
		for (Slice s : slices)
			if (s.imp.getWidth() != first.getWidth() || s.imp.getHeight() != first.getHeight() || s.imp.getBitDepth() != first.getBitDepth())
				throw new InputException("DICOM series " + dir + ": " + s.file.getFileName() + " is " + describe(s.imp) + " but "
						+ slices.get(0).file.getFileName() + " is " + describe(first) + "; a series must have one size and type.");
		final double[] nrm = normal;
		boolean positions = slices.stream().allMatch(s -> s.position != null);
		boolean instances = slices.stream().allMatch(s -> !Double.isNaN(s.instance));
		double spacing = Double.NaN;
		if (positions) {
			slices.sort(Comparator.comparingDouble(s -> dot(s.position, nrm)));
			for (int i = 1; i < slices.size(); i++)
				if (Math.abs(dot(slices.get(i).position, nrm) - dot(slices.get(i - 1).position, nrm)) < 1e-6)
					throw new InputException("DICOM series " + dir + ": " + slices.get(i - 1).file.getFileName() + " and " + slices.get(i).file.getFileName()
							+ " lie at the same slice position; the folder holds more than one volume (echoes, time points?). Put each volume in its own folder.");
			if (slices.size() > 1)
				spacing = Math.abs(dot(slices.get(slices.size() - 1).position, nrm) - dot(slices.get(0).position, nrm)) / (slices.size() - 1);
		}
		else if (instances)
			slices.sort(Comparator.comparingDouble(Slice::instance));
		if (!(spacing > 0)) {
			double sbs = number(tag(first, "0018,0088")), thick = number(tag(first, "0018,0050"));
			spacing = sbs > 0 ? sbs : thick > 0 ? thick : Double.NaN;
		}
		// one calibration function for all slices, else calibrated 32-bit values
		Calibration cal0 = slices.get(0).imp.getCalibration();
		boolean sameFunction = slices.stream().allMatch(s -> sameFunction(s.imp.getCalibration(), cal0));
		ImageStack stack = new ImageStack(first.getWidth(), first.getHeight());
		for (Slice s : slices) {
			ImageProcessor ip = s.imp.getProcessor();
			if (!sameFunction) {
				ip.setCalibrationTable(s.imp.getCalibration().getCTable());
				ip = ip.convertToFloat();
			}
			String info = (String) s.imp.getProperty("Info");
			stack.addSlice(s.file.getFileName() + (info != null ? "\n" + info : ""), ip);
		}
		ImagePlus imp = new ImagePlus(dir.getFileName().toString(), stack);
		Calibration cal = cal0.copy();
		if (!sameFunction)
			cal.disableDensityCalibration();
		if (spacing > 0)
			cal.pixelDepth = spacing;
		imp.setCalibration(cal);
		imp.setProperty("Info", first.getProperty("Info"));
		imp.setProp("DICOM.order", positions ? "image position" : instances ? "instance number" : "file name");
		imp.resetDisplayRange();
		return imp;
	}

	private static boolean sameFunction(Calibration a, Calibration b) {
		return a.getFunction() == b.getFunction() && Arrays.equals(a.getCoefficients(), b.getCoefficients());
	}

	private static String describe(ImagePlus imp) {
		return imp.getWidth() + "x" + imp.getHeight() + " " + imp.getBitDepth() + "-bit";
	}

	private static String tag(ImagePlus imp, String id) {
		String v = DicomTools.getTag(imp, id);
		return v == null ? null : v.trim();
	}

	private static double number(String s) {
		double[] v = numbers(s, 1);
		return v == null ? Double.NaN : v[0];
	}

	/** The first {@code n} backslash-separated numbers, or null. */
	private static double[] numbers(String s, int n) {
		if (s == null)
			return null;
		String[] p = s.trim().split("\\\\");
		if (p.length < n)
			return null;
		double[] v = new double[n];
		try {
			for (int i = 0; i < n; i++)
				v[i] = Double.parseDouble(p[i].trim());
		}
		catch (NumberFormatException e) {
			return null;
		}
		return v;
	}

	private static double[] normal(double[] o) {
		if (o == null)
			return new double[] { 0, 0, 1 };
		double[] n = { o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3] };
		double len = Math.sqrt(dot(n, n));
		if (!(len > 1e-6))
			return new double[] { 0, 0, 1 };
		for (int i = 0; i < 3; i++)
			n[i] /= len;
		return n;
	}

	private static double dot(double[] a, double[] b) {
		return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
	}
}
