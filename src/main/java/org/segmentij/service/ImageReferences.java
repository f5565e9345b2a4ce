package org.segmentij.service;

import java.io.File;

import org.segmentij.InputException;

import ij.ImagePlus;
import ij.WindowManager;

/**
 * Resolves the text of an image parameter (such as the intensity image of Measure Labels): the
 * title of an open image (ImageJ, macros) or an image file (command line).
 */
public final class ImageReferences {

	private ImageReferences() {
	}

	/**
	 * The image a parameter names: an open image of that title, else the image file at that path.
	 *
	 * @throws InputException naming the parameter when there is no such image
	 */
	public static ImagePlus resolve(String technique, String key, String ref) {
		String t = ref.trim();
		ImagePlus open = WindowManager.getImage(t);
		if (open != null)
			return open;
		File f = new File(t);
		if (f.isFile()) {
			try { // the command line's one reader: NIfTI, DICOM, OME-TIFF too; truncated files refused
				return org.segmentij.cli.ImageFiles.open(f.toPath());
			}
			catch (InputException e) {
				throw new InputException(technique + ": the image given as " + key + " cannot be read. " + e.getMessage(), e);
			}
		}
		throw new InputException(technique + ": no open image titled '" + t + "' and no image file " + f.getAbsolutePath()
				+ " for " + key + "; open the image first or give the path of its file.");
	}
}
