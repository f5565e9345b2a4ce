package org.segmentij.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Set;

import org.segmentij.DiskFullException;
import org.segmentij.InputException;
import org.segmentij.UsageException;
import org.segmentij.io.DicomSeries;
import org.segmentij.io.ImageFileCheck;
import org.segmentij.io.Nifti;
import org.segmentij.io.OmeTiff;
import org.segmentij.io.Png;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;

/**
 * Reading and writing images by file name, every write atomic (temporary file beside the target,
 * then rename). Inputs: NIfTI-1 ({@code .nii}, {@code .nii.gz}, by {@link Nifti}), TIFF (ImageJ
 * and OME-TIFF: OME-XML pixel sizes and dimension order by {@link OmeTiff}), DICOM files and
 * folders of DICOM files (one series, {@link DicomSeries}), PNG, JPEG and the rest of what
 * ImageJ 1 opens. Outputs: {@code .nii}/{@code .nii.gz} (NIfTI-1 with the spacing and the input's
 * orientation), {@code .png} (8-bit, 16-bit or RGB single images), TIFF otherwise (calibration kept).
 */
public final class ImageFiles {

	/** File name endings that are read (besides .nii.gz and DICOM series folders). */
	public static final Set<String> IMAGE_EXTENSIONS = Set.of("tif", "tiff", "png", "jpg", "jpeg", "gif", "bmp", "dcm",
			"fits", "pgm", "zip", "nii", "nii.gz");

	private ImageFiles() {
	}

	/** The lower-case extension, with "nii.gz" as one: "a/b.NII.GZ" gives "nii.gz", "c.tif" "tif", "d" "". */
	public static String extension(Path p) {
		String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
		if (n.endsWith(".nii.gz") && n.length() > 7)
			return "nii.gz";
		int dot = n.lastIndexOf('.');
		return dot > 0 ? n.substring(dot + 1) : "";
	}

	public static boolean isImageName(Path p) {
		return IMAGE_EXTENSIONS.contains(extension(p));
	}

	/**
	 * Opens an image by its name: NIfTI-1 (.nii, .nii.gz), a folder of DICOM files as one series,
	 * TIFF with OME-XML metadata, and anything else ImageJ 1 reads (TIFF incl. stacks and
	 * hyperstacks, PNG, JPEG, DICOM, ...).
	 */
	public static ImagePlus open(Path file) {
		if (!Files.exists(file))
			throw new InputException("Input file not found: " + file + ". Check the path.");
		if (Files.isDirectory(file)) {
			if (DicomSeries.isDicomFolder(file))
				return DicomSeries.open(file);
			throw new InputException("Input " + file + " is a folder without DICOM files; give an image file (or a folder of one DICOM series), "
					+ "or use 'segmentij batch' for folders.");
		}
		if (!Files.isReadable(file))
			throw new InputException("Input file " + file + " cannot be read (permissions?).");
		String ext = extension(file);
		if (ext.equals("nii") || ext.equals("nii.gz")) {
			ImagePlus imp = Nifti.read(file);
			return imp;
		}
		ImageFileCheck.check(file); // a truncated or absurd header is refused before ImageJ allocates or zero-fills
		ImagePlus imp;
		try {
			imp = IJ.openImage(file.toAbsolutePath().toString());
		}
		catch (RuntimeException | OutOfMemoryError e) {
			throw new InputException("Cannot open " + file + ": ImageJ could not read it"
					+ (e instanceof OutOfMemoryError ? " (out of memory: give Java more, e.g. JAVA_OPTS=-Xmx16g)"
							: e.getMessage() == null || e.getMessage().isBlank() ? "" : " (" + e.getMessage().lines().findFirst().orElse("") + ")")
					+ ". Is it a complete, uncorrupted image?", e);
		}
		if (imp == null && (ext.equals("tif") || ext.equals("tiff")))
			tooLargeForTheHeap(file); // ImageJ answers "no image" when it runs out of memory reading one
		if (imp == null)
			throw new InputException("Cannot open " + file + " as an image: not a format ImageJ reads, or a corrupt or truncated file. "
					+ "Supported: TIFF, OME-TIFF, NIfTI (.nii, .nii.gz), PNG, JPEG, GIF, BMP, DICOM, FITS, PGM.");
		if (imp.getWidth() == 0 || imp.getHeight() == 0 || imp.getStackSize() == 0)
			throw new InputException("Image " + file + " has no pixels.");
		if (ext.equals("tif") || ext.equals("tiff"))
			OmeTiff.apply(imp, file);
		return imp;
	}

	/** Throws a clear out-of-memory error when the TIFF's pixels do not fit in what is left of the heap. */
	private static void tooLargeForTheHeap(Path file) {
		long bytes = 0;
		try {
			ij.io.FileInfo[] info = new ij.io.TiffDecoder(file.toAbsolutePath().getParent() + java.io.File.separator,
					file.getFileName().toString()).getTiffInfo();
			if (info == null || info.length == 0)
				return;
			for (ij.io.FileInfo fi : info)
				bytes += (long) fi.width * fi.height * Math.max(1, fi.nImages) * Math.max(1, fi.getBytesPerPixel());
		}
		catch (IOException | RuntimeException e) {
			return;
		}
		Runtime rt = Runtime.getRuntime();
		long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
		if (bytes > free / 2)
			throw new InputException("Cannot open " + file + ": its pixels take " + org.segmentij.Memory.format(bytes) + " and Java may use at most "
					+ org.segmentij.Memory.format(rt.maxMemory()) + " in all. Give it more, e.g. JAVA_OPTS=-Xmx"
					+ org.segmentij.Memory.suggestion(4 * bytes) + " ./segmentij ... (README, 'Limits and memory').");
	}

	/**
	 * Writes a result by the name of {@code target}, atomically: .nii/.nii.gz as NIfTI-1 (with the
	 * orientation of {@code source}, the image it was computed from, when it has one and the same
	 * grid), .png as PNG, .jpg/.gif/.bmp refused (lossy or limited: say .png or .tif), anything else as TIFF.
	 */
	public static void save(ImagePlus result, Path target, ImagePlus source) {
		String ext = extension(target);
		switch (ext) {
			case "nii", "nii.gz" -> {
				Nifti.copyOrientation(source, result);
				writeAtomically(target, tmp -> Nifti.write(result, tmp, ext.equals("nii.gz")));
			}
			case "png" -> {
				Png.check(result, target); // before the temporary file, so that the message names the output
				writeAtomically(target, tmp -> Png.write(result, tmp));
			}
			case "jpg", "jpeg", "gif", "bmp" -> throw new UsageException("Cannot write " + target + ": ." + ext
					+ " is not an output format (lossy or 8-bit only). Use .tif, .nii.gz or .png.");
			default -> saveTiffAtomically(result, target);
		}
	}

	private interface Writer {
		void write(Path tmp) throws IOException;
	}

	private static void writeAtomically(Path target, Writer writer) {
		refuseFolder(target);
		try {
			atomically(target, writer);
		}
		catch (IOException e) {
			throw writeError(target, e);
		}
	}

	/**
	 * The temporary file beside the target, written, then renamed into place; removed when anything
	 * fails. A device or a pipe given as the target ({@code /dev/null}, {@code /dev/stdout}, a FIFO)
	 * is written into: renaming over it would replace the device with a regular file.
	 */
	private static void atomically(Path target, Writer writer) throws IOException {
		if (Files.exists(target) && !Files.isRegularFile(target) && !Files.isDirectory(target)) {
			writer.write(target);
			return;
		}
		Path dir = target.toAbsolutePath().getParent();
		if (dir != null)
			Files.createDirectories(dir);
		Path tmp = Files.createTempFile(dir, "." + target.getFileName().toString(), ".part");
		try {
			writer.write(tmp);
			move(tmp, target);
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	/** An output named like an existing folder is a mistake (a file name was meant): refused before anything is written. */
	private static void refuseFolder(Path target) {
		if (Files.isDirectory(target))
			throw new UsageException("The output " + target + " is a folder; give a file name, e.g. " + target.resolve("result.tif") + ".");
	}

	/**
	 * The error for a failed write: says why in words (a file in the way of a folder, no permission);
	 * a full disk is a {@link DiskFullException} ("disk full", the space left).
	 */
	static InputException writeError(Path target, IOException e) {
		if (DiskFullException.isDiskFull(e))
			return new DiskFullException(target, e);
		return new InputException("Cannot write " + target + ": " + why(e) + ". Check the path, that the folder is writable and the disk not full.", e);
	}

	/** An I/O error in words, without Java class names. */
	public static String why(IOException e) {
		if (e.getMessage() != null && e.getMessage().contains("File too large"))
			return "file too large (larger than this process may write: see 'ulimit -f', or than the file system allows)";
		if (e instanceof java.nio.file.FileAlreadyExistsException f)
			return f.getFile() + " is a file, not a folder";
		if (e instanceof java.nio.file.NotDirectoryException f)
			return f.getFile() + " is not a folder";
		if (e instanceof java.nio.file.AccessDeniedException f) {
			// a temporary file's name says nothing to the user: its folder does
			String file = f.getFile();
			return "permission denied for " + (file != null && file.endsWith(".part") ? Path.of(file).getParent() : file);
		}
		if (e instanceof java.nio.file.NoSuchFileException f)
			return "no such file or folder: " + f.getFile();
		if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null)
			return f.getReason() + (f.getFile() == null ? "" : " (" + f.getFile() + ")");
		return e.getMessage() == null ? "input/output error" : e.getMessage();
	}

	/**
	 * Refuses an output that is one of the inputs (the same file, however spelt): writing it would
	 * replace the data it was computed from.
	 *
	 * @param option the option that names the output, for the message ("-o", "--json")
	 */
	public static void refuseInput(Path output, String option, Path... inputs) {
		if (output == null)
			return;
		Path o = output.toAbsolutePath().normalize();
		for (Path in : inputs) {
			if (in == null)
				continue;
			boolean same = o.equals(in.toAbsolutePath().normalize());
			try {
				same |= Files.exists(output) && Files.exists(in) && Files.isSameFile(output, in);
			}
			catch (IOException e) {
				// cannot tell: the names differ, so let it be
			}
			if (same)
				throw new UsageException(option + " " + output + " is the input " + in + "; writing there would replace it. Give another output name.");
		}
	}

	/**
	 * Writes the image as TIFF to a temporary file beside the target, then renames it into place.
	 * The bytes are those of ImageJ's {@link FileSaver#saveAsTiff}; unlike FileSaver, a failed write
	 * (disk full, ...) comes back as an exception naming the reason instead of an ImageJ error dialog.
	 */
	public static void saveTiffAtomically(ImagePlus imp, Path target) {
		writeAtomically(target, tmp -> writeTiff(imp, tmp));
	}

	/** ImageJ's TIFF (as FileSaver.saveAsTiff / saveAsTiffStack write it) with I/O errors thrown. */
	static void writeTiff(ImagePlus imp, Path file) throws IOException {
		FileSaver saver = new FileSaver(imp);
		if (imp.getStack().isVirtual()) { // FileSaver's own path: the slices are read as they are written
			if (!saver.saveAsTiffStack(file.toString()))
				throw new IOException("ImageJ could not write the virtual stack " + file);
			return;
		}
		ij.io.FileInfo fi = imp.getFileInfo();
		fi.info = imp.getInfoProperty();
		fi.description = saver.getDescriptionString();
		if (fi.nImages > 1)
			fi.sliceLabels = imp.getStack().getSliceLabels();
		else {
			String label = imp.hasImageStack() ? imp.getStack().getSliceLabel(1) : null;
			if (label != null)
				fi.sliceLabels = new String[] { label };
			Object plot = imp.getProperty(ij.gui.Plot.PROPERTY_KEY);
			if (plot instanceof ij.gui.Plot p)
				fi.plot = p.toByteArray();
		}
		fi.roi = ij.io.RoiEncoder.saveAsByteArray(imp.getRoi());
		fi.overlay = FileSaver.getOverlay(imp);
		fi.properties = imp.getPropertiesAsArray();
		if (fi.nImages > 1 && imp.isComposite())
			saver.saveDisplayRangesAndLuts(imp, fi);
		try (java.io.OutputStream os = Files.newOutputStream(file);
				java.io.DataOutputStream out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(os, 1 << 16))) {
			new ij.io.TiffEncoder(fi).write(out);
		}
	}

	/**
	 * Writes bytes atomically.
	 *
	 * @throws InputException (a clear message) when it cannot be written, a {@link DiskFullException}
	 *                        when the disk is full; never a bare IOException
	 */
	public static void writeAtomically(Path target, byte[] content) throws IOException {
		writeAtomically(target, tmp -> Files.write(tmp, content));
	}

	private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> RW_R_R = java.nio.file.attribute.PosixFilePermissions
			.fromString("rw-r--r--");

	private static void move(Path tmp, Path target) throws IOException {
		// temporary files are created owner-only; outputs are ordinary files others may read
		if (Files.getFileStore(tmp).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class))
			Files.setPosixFilePermissions(tmp, RW_R_R);
		try {
			Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException e) {
			Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/** "cells.tif" -> "cells", "brain.nii.gz" -> "brain", "x.ome.tif" -> "x". */
	public static String baseName(Path p) {
		String n = p.getFileName().toString();
		String l = n.toLowerCase(Locale.ROOT);
		for (String two : new String[] { ".nii.gz", ".ome.tif", ".ome.tiff" })
			if (l.endsWith(two) && l.length() > two.length())
				return n.substring(0, n.length() - two.length());
		int dot = n.lastIndexOf('.');
		return dot > 0 ? n.substring(0, dot) : n;
	}
}
