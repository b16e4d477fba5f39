/**
 * Activation codes as QR codes (SGP.22 4.1: the code is the QR code's text), as PNG or SVG, through the
 * `qrcode` library. Error correction M as handsets' scanners expect of printed codes.
 */
import QRCode from 'qrcode';

export type QrFormat = 'png' | 'svg';

export function qrFormatOf(file: string): QrFormat {
  if (/\.png$/i.test(file)) return 'png';
  if (/\.svg$/i.test(file)) return 'svg';
  throw new Error(`a QR code file must end in .png or .svg: ${file}`);
}

export async function activationCodeQr(activationCode: string, format: QrFormat): Promise<Buffer> {
  const options = { errorCorrectionLevel: 'M' as const, margin: 4 };
  if (format === 'svg')
    return Buffer.from(await QRCode.toString(activationCode, { ...options, type: 'svg' }));
  return QRCode.toBuffer(activationCode, { ...options, type: 'png', scale: 8 });
}
