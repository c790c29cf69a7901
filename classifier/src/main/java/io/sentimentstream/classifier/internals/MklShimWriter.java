package io.sentimentstream.classifier.internals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the MKL shim: an x86-64 Linux shared library whose only content is {@code int
 * mkl_serv_intel_cpu_true(void) { return 1; }}. Preloaded ({@code LD_PRELOAD}), it takes the place
 * of the function of that name inside libtorch's statically linked MKL (libtorch_cpu.so exports it
 * and calls it through its PLT, so the dynamic linker binds those calls to the preloaded one), and
 * MKL then runs its Intel GEMM kernels on AMD processors too, the fix PyTorch's maintainers
 * document (pytorch/builder#1245).
 *
 * <p>Written by hand, not compiled: the image build stage and a user's machine need no C compiler,
 * and no library on Maven Central writes ELF files. The file has what the dynamic linker reads and
 * nothing else: an ELF header, program headers (a read/execute segment with the symbol table and
 * the code, a read/write one with the dynamic section, the dynamic segment, a non-executable
 * stack), a SysV hash table, one symbol and six bytes of code ({@code mov eax, 1; ret}).
 */
public final class MklShimWriter {
  /** The symbol MKL asks to decide whether the CPU is Intel's. */
  public static final String SYMBOL = "mkl_serv_intel_cpu_true";

  /** The shim's file and soname. */
  public static final String FILE_NAME = "libsentiment-mkl-intel.so";

  private static final int PAGE = 0x1000;
  private static final int HASH = 0x120; // SysV hash: nbucket, nchain, bucket[1], chain[2]
  private static final int DYNSYM = 0x138; // two 24-byte Elf64_Sym: the null symbol and ours
  private static final int DYNSTR = 0x168;
  private static final byte[] STRINGS =
      ("\0" + SYMBOL + "\0" + FILE_NAME + "\0").getBytes(StandardCharsets.US_ASCII);
  private static final int TEXT = 0x1a0;
  private static final byte[] CODE = {(byte) 0xb8, 1, 0, 0, 0, (byte) 0xc3}; // mov eax,1; ret
  private static final int DYNAMIC = PAGE; // its own page: the dynamic linker writes to it
  private static final long[][] DYNAMIC_ENTRIES = {
    {4, HASH}, // DT_HASH
    {5, DYNSTR}, // DT_STRTAB
    {6, DYNSYM}, // DT_SYMTAB
    {10, STRINGS.length}, // DT_STRSZ
    {11, 24}, // DT_SYMENT
    {14, 1 + SYMBOL.length() + 1}, // DT_SONAME: offset of FILE_NAME in STRINGS
    {0, 0} // DT_NULL
  };

  private MklShimWriter() {}

  /** The shim's bytes. */
  public static byte[] bytes() {
    int dynamicSize = DYNAMIC_ENTRIES.length * 16;
    ByteBuffer b = ByteBuffer.allocate(DYNAMIC + dynamicSize).order(ByteOrder.LITTLE_ENDIAN);
    // ELF header: 64-bit, little-endian, version 1, System V ABI; a shared object for x86-64
    b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}).put(new byte[8]);
    b.putShort((short) 3).putShort((short) 62).putInt(1); // ET_DYN, EM_X86_64, EV_CURRENT
    b.putLong(0).putLong(64).putLong(0); // entry, program headers at 64, no section headers
    b.putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) 4); // 4 phdrs
    b.putShort((short) 64).putShort((short) 0).putShort((short) 0);
    int textEnd = TEXT + CODE.length;
    segment(b, 1, 5, 0, textEnd, PAGE); // PT_LOAD, R+X: headers, hash, symbols, code
    segment(b, 1, 6, DYNAMIC, dynamicSize, PAGE); // PT_LOAD, R+W: the dynamic section
    segment(b, 2, 6, DYNAMIC, dynamicSize, 8); // PT_DYNAMIC
    segment(b, 0x6474e551, 6, 0, 0, 16); // PT_GNU_STACK, R+W: no executable stack
    b.position(HASH);
    b.putInt(1).putInt(2).putInt(1).putInt(0).putInt(0); // one bucket -> symbol 1, end of chain
    b.position(DYNSYM + 24); // symbol 0 is all zeros
    b.putInt(1).put((byte) 0x12).put((byte) 0); // name at 1; STB_GLOBAL | STT_FUNC; default
    b.putShort((short) 1).putLong(TEXT).putLong(CODE.length); // a defined symbol: the code
    b.position(DYNSTR);
    b.put(STRINGS);
    b.position(TEXT);
    b.put(CODE);
    b.position(DYNAMIC);
    for (long[] e : DYNAMIC_ENTRIES) {
      b.putLong(e[0]).putLong(e[1]);
    }
    return b.array();
  }

  /** Writes the shim to {@code file} (replacing it) and returns the path. */
  public static Path write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return Files.write(file, bytes());
  }

  /** One program header: type, flags, and a segment whose file offset equals its address. */
  private static void segment(ByteBuffer b, int type, int flags, long at, long size, long align) {
    b.putInt(type).putInt(flags).putLong(at).putLong(at).putLong(at).putLong(size).putLong(size);
    b.putLong(align);
  }
}
