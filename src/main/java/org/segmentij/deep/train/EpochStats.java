package org.segmentij.deep.train;

/**
 * What one training epoch gave.
 *
 * @param epoch     1-based
 * @param epochs    planned epochs
 * @param trainLoss mean loss over the epoch's batches
 * @param valLoss   mean loss on the validation images (NaN without validation)
 * @param valIoU    mean foreground IoU on the validation images (NaN without validation)
 * @param valDice   mean foreground Dice on the validation images (NaN without validation)
 * @param seconds   time the epoch took
 * @param best      this epoch gave the best model so far
 */
public record EpochStats(int epoch, int epochs, double trainLoss, double valLoss, double valIoU, double valDice, double seconds,
		boolean best) {

	/** CSV header of {@link #csv()}. */
	public static final String CSV_HEADER = "epoch,train_loss,val_loss,val_iou,val_dice,seconds,best";

	public String csv() {
		// full precision: a resumed run reads back exactly what it wrote
		return epoch + "," + trainLoss + "," + valLoss + "," + valIoU + "," + valDice + "," + seconds + "," + best;
	}

	public static EpochStats parseCsv(String line, int epochs) {
		String[] f = line.split(",");
		return new EpochStats(Integer.parseInt(f[0]), epochs, Double.parseDouble(f[1]), Double.parseDouble(f[2]),
				Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Boolean.parseBoolean(f[6]));
	}
}
