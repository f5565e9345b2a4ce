package org.segmentij.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Set;

import org.segmentij.InputException;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;

/** Reading images with ImageJ 1 and writing results atomically (temporary file, then rename). */
public final class ImageFiles {

	/** File name endings ImageJ 1 opens without extra plugins. */
	public static final Set<String> IMAGE_EXTENSIONS = Set.of("tif", "tiff", "png", "jpg", "jpeg", "gif", "bmp", "dcm",
			"fits", "pgm", "zip", "nii");

	private ImageFiles() {
	}

	public static boolean isImageName(Path p) {
		String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
		int dot = n.lastIndexOf('.');
		return dot > 0 && IMAGE_EXTENSIONS.contains(n.substring(dot + 1));
	}

	/** Opens any image ImageJ 1 reads (TIFF incl. stacks and hyperstacks, PNG, JPEG, DICOM, ...). */
	public static ImagePlus open(Path file) {
		if (!Files.exists(file))
			throw new InputException("Input file not found: " + file + ". Check the path (-i).");
		if (Files.isDirectory(file))
			throw new InputException("Input " + file + " is a folder; give an image file, or use 'segmentij batch' for folders.");
		if (!Files.isReadable(file))
			throw new InputException("Input file " + file + " cannot be read (permissions?).");
		ImagePlus imp;
		try {
			imp = IJ.openImage(file.toAbsolutePath().toString());
		}
		catch (RuntimeException | OutOfMemoryError e) {
			throw new InputException("Cannot open " + file + ": " + e + ". Is it a complete, uncorrupted image?", e);
		}
		if (imp == null)
			throw new InputException("Cannot open " + file + " as an image: not a format ImageJ reads, or a corrupt or truncated file. "
					+ "Supported: TIFF, PNG, JPEG, GIF, BMP, DICOM, FITS, PGM.");
		if (imp.getWidth() == 0 || imp.getHeight() == 0 || imp.getStackSize() == 0)
			throw new InputException("Image " + file + " has no pixels.");
		return imp;
	}

	/** Writes the image as TIFF to a temporary file beside the target, then renames it into place. */
	public static void saveTiffAtomically(ImagePlus imp, Path target) {
		Path dir = target.toAbsolutePath().getParent();
		try {
			if (dir != null)
				Files.createDirectories(dir);
			Path tmp = Files.createTempFile(dir, "." + target.getFileName().toString(), ".part");
			try {
				FileSaver saver = new FileSaver(imp);
				boolean ok = imp.getStackSize() > 1 ? saver.saveAsTiffStack(tmp.toString()) : saver.saveAsTiff(tmp.toString());
				if (!ok)
					throw new IOException("ImageJ could not write " + tmp);
				move(tmp, target);
			}
			finally {
				Files.deleteIfExists(tmp);
			}
		}
		catch (IOException e) {
			throw new InputException("Cannot write " + target + ": " + e.getMessage() + ". Check that the folder is writable and the disk not full.", e);
		}
	}

	/** Writes text atomically. */
	public static void writeAtomically(Path target, byte[] content) throws IOException {
		Path dir = target.toAbsolutePath().getParent();
		if (dir != null)
			Files.createDirectories(dir);
		Path tmp = Files.createTempFile(dir, "." + target.getFileName().toString(), ".part");
		try {
			Files.write(tmp, content);
			move(tmp, target);
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	private static void move(Path tmp, Path target) throws IOException {
		try {
			Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException e) {
			Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/** "cells.tif" -> "cells". */
	public static String baseName(Path p) {
		String n = p.getFileName().toString();
		int dot = n.lastIndexOf('.');
		return dot > 0 ? n.substring(0, dot) : n;
	}
}
