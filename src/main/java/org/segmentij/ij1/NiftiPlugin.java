package org.segmentij.ij1;

import java.io.IOException;
import java.nio.file.Path;

import org.segmentij.SegmentIJException;
import org.segmentij.io.Nifti;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.io.OpenDialog;
import ij.io.SaveDialog;
import ij.plugin.PlugIn;

/**
 * Plugins › Segmentation › IO › Open NIfTI... ({@code arg "open"}) and Save as NIfTI...
 * ({@code arg "save"}): SegmentIJ's own NIfTI-1 reader and writer ({@link Nifti}) from ImageJ's
 * menus. Both use ImageJ's file dialogs, so the Macro Recorder records them and macros replay them:
 * {@code run("Open NIfTI...", "open=/data/brain.nii.gz");}
 * {@code run("Save as NIfTI...", "save=/data/mask.nii.gz");}
 * A name ending in .gz is written gzip-compressed; a name without .nii or .nii.gz gets .nii.gz.
 */
public class NiftiPlugin implements PlugIn {

	@Override
	public void run(String arg) {
		String options = Macro.getOptions();
		try {
			if ("save".equals(arg))
				save();
			else
				open();
		}
		catch (SegmentIJException e) {
			IJ.error("NIfTI", e.getMessage());
			if (options != null)
				Macro.abort();
		}
	}

	private static void open() {
		OpenDialog od = new OpenDialog("Open NIfTI...");
		if (od.getFileName() == null)
			return;
		Path file = Path.of(od.getDirectory(), od.getFileName());
		IJ.showStatus("Opening " + file.getFileName());
		ImagePlus imp = Nifti.read(file);
		imp.show();
		IJ.showStatus("");
	}

	private static void save() {
		ImagePlus imp = WindowManager.getCurrentImage();
		if (imp == null) {
			IJ.noImage();
			return;
		}
		String title = imp.getTitle().replaceAll("(?i)\\.(nii|nii\\.gz|tiff?|png|jpe?g)$", "");
		SaveDialog sd = new SaveDialog("Save as NIfTI...", title, ".nii.gz");
		if (sd.getFileName() == null)
			return;
		String name = sd.getFileName();
		if (!Nifti.isNiftiName(Path.of(name)))
			name = name.replaceAll("\\.gz$", "") + ".nii.gz";
		Path file = Path.of(sd.getDirectory(), name);
		try {
			Nifti.write(imp, file);
		}
		catch (IOException e) {
			IJ.error("Save as NIfTI", "Cannot write " + file + ": " + e.getMessage());
			if (Macro.getOptions() != null)
				Macro.abort();
			return;
		}
		IJ.showStatus("Saved " + file);
	}
}
