import type { ProjectorEntry } from './projectorEntry';

const utf8 = new TextEncoder();

/**
 * A protobuf text-format string literal. Printable ASCII stays as it is; quotes, backslashes and
 * every other byte of the UTF-8 encoding are escaped (\n, \r, \t, or three-digit octal), which
 * both protoc and Python's text_format (what TensorBoard uses) read back as the same string.
 */
export function textFormatString(value: string): string {
  let out = '"';
  for (const byte of utf8.encode(value)) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte === 0x0a) out += '\\n';
    else if (byte === 0x0d) out += '\\r';
    else if (byte === 0x09) out += '\\t';
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += '\\' + byte.toString(8).padStart(3, '0');
  }
  return out + '"';
}

function dimension(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`a uint32 dimension must be a whole number, got ${value}`);
  }
  return String(value);
}

/**
 * TensorBoard's projector_config.pbtxt for the given embeddings, fields in field-number order
 * as protobuf's text_format (and so PyTorch's `add_embedding`) writes them.
 */
export function projectorConfigPbtxt(entries: ProjectorEntry[]): string {
  const lines: string[] = [];
  for (const entry of entries) {
    lines.push('embeddings {');
    lines.push(`  tensor_name: ${textFormatString(entry.tensorName)}`);
    if (entry.metadataPath !== undefined) lines.push(`  metadata_path: ${textFormatString(entry.metadataPath)}`);
    if (entry.bookmarksPath !== undefined) lines.push(`  bookmarks_path: ${textFormatString(entry.bookmarksPath)}`);
    for (const size of entry.tensorShape ?? []) lines.push(`  tensor_shape: ${dimension(size)}`);
    if (entry.sprite !== undefined) {
      lines.push('  sprite {');
      lines.push(`    image_path: ${textFormatString(entry.sprite.imagePath)}`);
      for (const size of entry.sprite.singleImageDim) lines.push(`    single_image_dim: ${dimension(size)}`);
      lines.push('  }');
    }
    lines.push(`  tensor_path: ${textFormatString(entry.tensorPath)}`);
    lines.push('}');
  }
  return lines.map((line) => line + '\n').join('');
}
