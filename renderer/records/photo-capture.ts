/**
 * A service user's photo from the camera or a file, made small enough to travel in every room
 * view: at most 320 px on the longest side, as a JPEG data URL within the contract's 200,000
 * characters. Done in a canvas so the original (which may hold location data) never leaves this page.
 */
const longestSide = 320;
const longestDataUrl = 200_000;

export async function photoDataUrl(file: Blob): Promise<string> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, longestSide / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This screen cannot resize photos. Try another device.');
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  for (const quality of [0.85, 0.7, 0.55, 0.4]) {
    const url = canvas.toDataURL('image/jpeg', quality);
    if (url.length <= longestDataUrl) return url;
  }
  throw new Error('The photo is still too large after shrinking it. Try another photo.');
}
