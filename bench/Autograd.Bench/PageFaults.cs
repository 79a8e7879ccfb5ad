namespace Autograd.Bench;

/// <summary>
/// The process's minor page faults so far (Linux, /proc/self/stat), or -1 elsewhere. A fresh
/// 64 MB array the GC takes from the OS costs ~16K of them when first written, so faults per
/// iteration show whether large tensors reuse mapped memory or fault it in again.
/// </summary>
internal static class PageFaults
{
    public static long Minor()
    {
        try
        {
            string stat = File.ReadAllText("/proc/self/stat");
            // Fields after the command name, which is in parentheses and may contain spaces:
            // state(3) ppid(4) pgrp(5) session(6) tty_nr(7) tpgid(8) flags(9) minflt(10).
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[7]);
        }
        catch (IOException)
        {
            return -1;
        }
    }
}
