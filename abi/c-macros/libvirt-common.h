#define LIBVIR_CHECK_VERSION(major, minor, micro) \
    ((major) * 1000000 + (minor) * 1000 + (micro) <= LIBVIR_VERSION_NUMBER)

#ifndef VIR_DEPRECATED
#  if defined(__GNUC__)
#    define VIR_DEPRECATED __attribute__((__deprecated__))
#  else
#    define VIR_DEPRECATED
#  endif
#endif

#ifndef VIR_EXPORT_VAR
#  define VIR_EXPORT_VAR extern
#endif
