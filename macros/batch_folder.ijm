// Batch over a folder: a pipeline file applied to every image of a folder by
// Plugins > Segmentation > Batch > Batch Process Folder... (outputs name.tif and summary.csv).
//
// Usage:  ImageJ -batch macros/batch_folder.ijm "/data/in|/data/out|pipelines/nuclei.pipeline"
//         (a technique instead of a pipeline file: technique=otsu parameters=[dark_objects])
// Prints the batch summary (files, done, failed, objects, time) and the rows of summary.csv.

setBatchMode(true);
args = split(getArgument(), "|");
if (args.length < 3)
	exit("Give the input folder, the output folder and the pipeline file: \"/in|/out|/x.pipeline\".");
run("Batch Process Folder...", "input=[" + args[0] + "] output=[" + args[1] + "] technique=[Pipeline file] pipeline=[" + args[2] + "]");

summary = args[1] + File.separator + "summary.csv";
if (!File.exists(summary))
	exit("No summary.csv in " + args[1]);
lines = split(File.openAsString(summary), "\n");
print("summary rows=" + (lines.length - 1));
for (i = 1; i < lines.length; i++)
	print("row: " + lines[i]);
