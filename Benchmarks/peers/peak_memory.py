"""What the Python peers report about their own memory."""


def own_peak_resident_bytes():
    """This process's peak resident set (VmHWM), in bytes; None where /proc has no such line."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return None
