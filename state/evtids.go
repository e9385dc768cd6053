package state

// Event type ids the engine dispatches on (the PPME enum of the event table).
// TestEventIDConstants checks every one against schema.Events.
const (
	evGenericE         uint16 = 0   // PPME_GENERIC_E
	evGenericX         uint16 = 1   // PPME_GENERIC_X
	evOpenE            uint16 = 2   // PPME_SYSCALL_OPEN_E
	evOpenX            uint16 = 3   // PPME_SYSCALL_OPEN_X
	evCloseE           uint16 = 4   // PPME_SYSCALL_CLOSE_E
	evCloseX           uint16 = 5   // PPME_SYSCALL_CLOSE_X
	evReadE            uint16 = 6   // PPME_SYSCALL_READ_E
	evReadX            uint16 = 7   // PPME_SYSCALL_READ_X
	evWriteE           uint16 = 8   // PPME_SYSCALL_WRITE_E
	evWriteX           uint16 = 9   // PPME_SYSCALL_WRITE_X
	evExecveV8X        uint16 = 13  // PPME_SYSCALL_EXECVE_8_X
	evCloneV11X        uint16 = 15  // PPME_SYSCALL_CLONE_11_X
	evProcexitE        uint16 = 16  // PPME_PROCEXIT_E
	evSocketE          uint16 = 18  // PPME_SOCKET_SOCKET_E
	evSocketX          uint16 = 19  // PPME_SOCKET_SOCKET_X
	evBindE            uint16 = 20  // PPME_SOCKET_BIND_E
	evBindX            uint16 = 21  // PPME_SOCKET_BIND_X
	evConnectE         uint16 = 22  // PPME_SOCKET_CONNECT_E
	evConnectX         uint16 = 23  // PPME_SOCKET_CONNECT_X
	evListenE          uint16 = 24  // PPME_SOCKET_LISTEN_E
	evListenX          uint16 = 25  // PPME_SOCKET_LISTEN_X
	evAcceptE          uint16 = 26  // PPME_SOCKET_ACCEPT_E
	evAcceptX          uint16 = 27  // PPME_SOCKET_ACCEPT_X
	evSendX            uint16 = 29  // PPME_SOCKET_SEND_X
	evSendtoE          uint16 = 30  // PPME_SOCKET_SENDTO_E
	evSendtoX          uint16 = 31  // PPME_SOCKET_SENDTO_X
	evRecvX            uint16 = 33  // PPME_SOCKET_RECV_X
	evRecvfromE        uint16 = 34  // PPME_SOCKET_RECVFROM_E
	evRecvfromX        uint16 = 35  // PPME_SOCKET_RECVFROM_X
	evShutdownE        uint16 = 36  // PPME_SOCKET_SHUTDOWN_E
	evSocketpairE      uint16 = 42  // PPME_SOCKET_SOCKETPAIR_E
	evSocketpairX      uint16 = 43  // PPME_SOCKET_SOCKETPAIR_X
	evGetsockoptX      uint16 = 47  // PPME_SOCKET_GETSOCKOPT_X
	evSendmsgE         uint16 = 48  // PPME_SOCKET_SENDMSG_E
	evSendmsgX         uint16 = 49  // PPME_SOCKET_SENDMSG_X
	evRecvmsgE         uint16 = 52  // PPME_SOCKET_RECVMSG_E
	evRecvmsgX         uint16 = 53  // PPME_SOCKET_RECVMSG_X
	evAccept4X         uint16 = 57  // PPME_SOCKET_ACCEPT4_X
	evCreatE           uint16 = 58  // PPME_SYSCALL_CREAT_E
	evCreatX           uint16 = 59  // PPME_SYSCALL_CREAT_X
	evPipeE            uint16 = 60  // PPME_SYSCALL_PIPE_E
	evPipeX            uint16 = 61  // PPME_SYSCALL_PIPE_X
	evEventfdE         uint16 = 62  // PPME_SYSCALL_EVENTFD_E
	evEventfdX         uint16 = 63  // PPME_SYSCALL_EVENTFD_X
	evGetcwdE          uint16 = 92  // PPME_SYSCALL_GETCWD_E
	evGetcwdX          uint16 = 93  // PPME_SYSCALL_GETCWD_X
	evChdirE           uint16 = 94  // PPME_SYSCALL_CHDIR_E
	evChdirX           uint16 = 95  // PPME_SYSCALL_CHDIR_X
	evFchdirE          uint16 = 96  // PPME_SYSCALL_FCHDIR_E
	evFchdirX          uint16 = 97  // PPME_SYSCALL_FCHDIR_X
	evOpenatE          uint16 = 102 // PPME_SYSCALL_OPENAT_E
	evOpenatX          uint16 = 103 // PPME_SYSCALL_OPENAT_X
	evPreadX           uint16 = 113 // PPME_SYSCALL_PREAD_X
	evPwriteX          uint16 = 115 // PPME_SYSCALL_PWRITE_X
	evReadvX           uint16 = 117 // PPME_SYSCALL_READV_X
	evWritevX          uint16 = 119 // PPME_SYSCALL_WRITEV_X
	evPreadvX          uint16 = 121 // PPME_SYSCALL_PREADV_X
	evPwritevX         uint16 = 123 // PPME_SYSCALL_PWRITEV_X
	evDupE             uint16 = 124 // PPME_SYSCALL_DUP_E
	evDupX             uint16 = 125 // PPME_SYSCALL_DUP_X
	evSignalfdE        uint16 = 126 // PPME_SYSCALL_SIGNALFD_E
	evSignalfdX        uint16 = 127 // PPME_SYSCALL_SIGNALFD_X
	evTimerfdCreateE   uint16 = 136 // PPME_SYSCALL_TIMERFD_CREATE_E
	evTimerfdCreateX   uint16 = 137 // PPME_SYSCALL_TIMERFD_CREATE_X
	evInotifyInitE     uint16 = 138 // PPME_SYSCALL_INOTIFY_INIT_E
	evInotifyInitX     uint16 = 139 // PPME_SYSCALL_INOTIFY_INIT_X
	evGetrlimitE       uint16 = 140 // PPME_SYSCALL_GETRLIMIT_E
	evGetrlimitX       uint16 = 141 // PPME_SYSCALL_GETRLIMIT_X
	evSetrlimitE       uint16 = 142 // PPME_SYSCALL_SETRLIMIT_E
	evSetrlimitX       uint16 = 143 // PPME_SYSCALL_SETRLIMIT_X
	evPrlimitE         uint16 = 144 // PPME_SYSCALL_PRLIMIT_E
	evPrlimitX         uint16 = 145 // PPME_SYSCALL_PRLIMIT_X
	evSchedswitchV1E   uint16 = 146 // PPME_SCHEDSWITCH_1_E
	evFcntlE           uint16 = 150 // PPME_SYSCALL_FCNTL_E
	evFcntlX           uint16 = 151 // PPME_SYSCALL_FCNTL_X
	evSchedswitchV6E   uint16 = 152 // PPME_SCHEDSWITCH_6_E
	evExecveV13X       uint16 = 155 // PPME_SYSCALL_EXECVE_13_X
	evCloneV16X        uint16 = 157 // PPME_SYSCALL_CLONE_16_X
	evBrkV4E           uint16 = 158 // PPME_SYSCALL_BRK_4_E
	evBrkV4X           uint16 = 159 // PPME_SYSCALL_BRK_4_X
	evMmapX            uint16 = 161 // PPME_SYSCALL_MMAP_X
	evMmap2X           uint16 = 163 // PPME_SYSCALL_MMAP2_X
	evMunmapX          uint16 = 165 // PPME_SYSCALL_MUNMAP_X
	evExecveV14X       uint16 = 173 // PPME_SYSCALL_EXECVE_14_X
	evForkX            uint16 = 183 // PPME_SYSCALL_FORK_X
	evVforkX           uint16 = 185 // PPME_SYSCALL_VFORK_X
	evProcexitV1E      uint16 = 186 // PPME_PROCEXIT_1_E
	evSendfileE        uint16 = 188 // PPME_SYSCALL_SENDFILE_E
	evSetresuidE       uint16 = 192 // PPME_SYSCALL_SETRESUID_E
	evSetresuidX       uint16 = 193 // PPME_SYSCALL_SETRESUID_X
	evSetresgidE       uint16 = 194 // PPME_SYSCALL_SETRESGID_E
	evSetresgidX       uint16 = 195 // PPME_SYSCALL_SETRESGID_X
	evSetuidE          uint16 = 198 // PPME_SYSCALL_SETUID_E
	evSetuidX          uint16 = 199 // PPME_SYSCALL_SETUID_X
	evSetgidE          uint16 = 200 // PPME_SYSCALL_SETGID_E
	evSetgidX          uint16 = 201 // PPME_SYSCALL_SETGID_X
	evGetuidE          uint16 = 202 // PPME_SYSCALL_GETUID_E
	evGetuidX          uint16 = 203 // PPME_SYSCALL_GETUID_X
	evExecveV15X       uint16 = 215 // PPME_SYSCALL_EXECVE_15_X
	evCloneV17X        uint16 = 217 // PPME_SYSCALL_CLONE_17_X
	evForkV17X         uint16 = 219 // PPME_SYSCALL_FORK_17_X
	evVforkV17X        uint16 = 221 // PPME_SYSCALL_VFORK_17_X
	evCloneV20E        uint16 = 222 // PPME_SYSCALL_CLONE_20_E
	evCloneV20X        uint16 = 223 // PPME_SYSCALL_CLONE_20_X
	evForkV20X         uint16 = 225 // PPME_SYSCALL_FORK_20_X
	evVforkV20X        uint16 = 227 // PPME_SYSCALL_VFORK_20_X
	evContainerE       uint16 = 228 // PPME_CONTAINER_E
	evExecveV16X       uint16 = 231 // PPME_SYSCALL_EXECVE_16_X
	evProcinfoE        uint16 = 234 // PPME_PROCINFO_E
	evAcceptV5E        uint16 = 246 // PPME_SOCKET_ACCEPT_5_E
	evAcceptV5X        uint16 = 247 // PPME_SOCKET_ACCEPT_5_X
	evAccept4V5E       uint16 = 248 // PPME_SOCKET_ACCEPT4_5_E
	evAccept4V5X       uint16 = 249 // PPME_SOCKET_ACCEPT4_5_X
	evChrootE          uint16 = 266 // PPME_SYSCALL_CHROOT_E
	evChrootX          uint16 = 267 // PPME_SYSCALL_CHROOT_X
	evTracerE          uint16 = 268 // PPME_TRACER_E
	evContainerJsonE   uint16 = 272 // PPME_CONTAINER_JSON_E
	evSetsidE          uint16 = 274 // PPME_SYSCALL_SETSID_E
	evSetsidX          uint16 = 275 // PPME_SYSCALL_SETSID_X
	evExecveV17X       uint16 = 283 // PPME_SYSCALL_EXECVE_17_X
	evExecveV18E       uint16 = 288 // PPME_SYSCALL_EXECVE_18_E
	evExecveV18X       uint16 = 289 // PPME_SYSCALL_EXECVE_18_X
	evExecveV19E       uint16 = 292 // PPME_SYSCALL_EXECVE_19_E
	evExecveV19X       uint16 = 293 // PPME_SYSCALL_EXECVE_19_X
	evSetpgidE         uint16 = 294 // PPME_SYSCALL_SETPGID_E
	evOpenatV2E        uint16 = 306 // PPME_SYSCALL_OPENAT_2_E
	evOpenatV2X        uint16 = 307 // PPME_SYSCALL_OPENAT_2_X
	evContainerJsonV2E uint16 = 324 // PPME_CONTAINER_JSON_2_E
	evOpenat2E         uint16 = 326 // PPME_SYSCALL_OPENAT2_E
	evOpenat2X         uint16 = 327 // PPME_SYSCALL_OPENAT2_X
	evExecveatE        uint16 = 330 // PPME_SYSCALL_EXECVEAT_E
	evExecveatX        uint16 = 331 // PPME_SYSCALL_EXECVEAT_X
	evCopyFileRangeX   uint16 = 333 // PPME_SYSCALL_COPY_FILE_RANGE_X
	evClone3X          uint16 = 335 // PPME_SYSCALL_CLONE3_X
)

// eventIDNames pairs each constant with its enum name for the consistency test.
var eventIDNames = map[uint16]string{
	evOpenE:            "PPME_SYSCALL_OPEN_E",
	evOpenX:            "PPME_SYSCALL_OPEN_X",
	evCloseE:           "PPME_SYSCALL_CLOSE_E",
	evCloseX:           "PPME_SYSCALL_CLOSE_X",
	evReadE:            "PPME_SYSCALL_READ_E",
	evReadX:            "PPME_SYSCALL_READ_X",
	evWriteE:           "PPME_SYSCALL_WRITE_E",
	evWriteX:           "PPME_SYSCALL_WRITE_X",
	evExecveV8X:        "PPME_SYSCALL_EXECVE_8_X",
	evCloneV11X:        "PPME_SYSCALL_CLONE_11_X",
	evProcexitE:        "PPME_PROCEXIT_E",
	evSocketE:          "PPME_SOCKET_SOCKET_E",
	evSocketX:          "PPME_SOCKET_SOCKET_X",
	evBindE:            "PPME_SOCKET_BIND_E",
	evBindX:            "PPME_SOCKET_BIND_X",
	evConnectE:         "PPME_SOCKET_CONNECT_E",
	evConnectX:         "PPME_SOCKET_CONNECT_X",
	evListenE:          "PPME_SOCKET_LISTEN_E",
	evListenX:          "PPME_SOCKET_LISTEN_X",
	evAcceptE:          "PPME_SOCKET_ACCEPT_E",
	evAcceptX:          "PPME_SOCKET_ACCEPT_X",
	evSendX:            "PPME_SOCKET_SEND_X",
	evSendtoE:          "PPME_SOCKET_SENDTO_E",
	evSendtoX:          "PPME_SOCKET_SENDTO_X",
	evRecvX:            "PPME_SOCKET_RECV_X",
	evRecvfromE:        "PPME_SOCKET_RECVFROM_E",
	evRecvfromX:        "PPME_SOCKET_RECVFROM_X",
	evShutdownE:        "PPME_SOCKET_SHUTDOWN_E",
	evSocketpairE:      "PPME_SOCKET_SOCKETPAIR_E",
	evSocketpairX:      "PPME_SOCKET_SOCKETPAIR_X",
	evGetsockoptX:      "PPME_SOCKET_GETSOCKOPT_X",
	evSendmsgE:         "PPME_SOCKET_SENDMSG_E",
	evSendmsgX:         "PPME_SOCKET_SENDMSG_X",
	evRecvmsgE:         "PPME_SOCKET_RECVMSG_E",
	evRecvmsgX:         "PPME_SOCKET_RECVMSG_X",
	evAccept4X:         "PPME_SOCKET_ACCEPT4_X",
	evCreatE:           "PPME_SYSCALL_CREAT_E",
	evCreatX:           "PPME_SYSCALL_CREAT_X",
	evPipeE:            "PPME_SYSCALL_PIPE_E",
	evPipeX:            "PPME_SYSCALL_PIPE_X",
	evEventfdE:         "PPME_SYSCALL_EVENTFD_E",
	evEventfdX:         "PPME_SYSCALL_EVENTFD_X",
	evGetcwdE:          "PPME_SYSCALL_GETCWD_E",
	evGetcwdX:          "PPME_SYSCALL_GETCWD_X",
	evChdirE:           "PPME_SYSCALL_CHDIR_E",
	evChdirX:           "PPME_SYSCALL_CHDIR_X",
	evFchdirE:          "PPME_SYSCALL_FCHDIR_E",
	evFchdirX:          "PPME_SYSCALL_FCHDIR_X",
	evOpenatE:          "PPME_SYSCALL_OPENAT_E",
	evOpenatX:          "PPME_SYSCALL_OPENAT_X",
	evPreadX:           "PPME_SYSCALL_PREAD_X",
	evPwriteX:          "PPME_SYSCALL_PWRITE_X",
	evReadvX:           "PPME_SYSCALL_READV_X",
	evWritevX:          "PPME_SYSCALL_WRITEV_X",
	evPreadvX:          "PPME_SYSCALL_PREADV_X",
	evPwritevX:         "PPME_SYSCALL_PWRITEV_X",
	evDupE:             "PPME_SYSCALL_DUP_E",
	evDupX:             "PPME_SYSCALL_DUP_X",
	evSignalfdE:        "PPME_SYSCALL_SIGNALFD_E",
	evSignalfdX:        "PPME_SYSCALL_SIGNALFD_X",
	evTimerfdCreateE:   "PPME_SYSCALL_TIMERFD_CREATE_E",
	evTimerfdCreateX:   "PPME_SYSCALL_TIMERFD_CREATE_X",
	evInotifyInitE:     "PPME_SYSCALL_INOTIFY_INIT_E",
	evInotifyInitX:     "PPME_SYSCALL_INOTIFY_INIT_X",
	evGetrlimitE:       "PPME_SYSCALL_GETRLIMIT_E",
	evGetrlimitX:       "PPME_SYSCALL_GETRLIMIT_X",
	evSetrlimitE:       "PPME_SYSCALL_SETRLIMIT_E",
	evSetrlimitX:       "PPME_SYSCALL_SETRLIMIT_X",
	evPrlimitE:         "PPME_SYSCALL_PRLIMIT_E",
	evPrlimitX:         "PPME_SYSCALL_PRLIMIT_X",
	evSchedswitchV1E:   "PPME_SCHEDSWITCH_1_E",
	evFcntlE:           "PPME_SYSCALL_FCNTL_E",
	evFcntlX:           "PPME_SYSCALL_FCNTL_X",
	evSchedswitchV6E:   "PPME_SCHEDSWITCH_6_E",
	evExecveV13X:       "PPME_SYSCALL_EXECVE_13_X",
	evCloneV16X:        "PPME_SYSCALL_CLONE_16_X",
	evBrkV4E:           "PPME_SYSCALL_BRK_4_E",
	evBrkV4X:           "PPME_SYSCALL_BRK_4_X",
	evMmapX:            "PPME_SYSCALL_MMAP_X",
	evMmap2X:           "PPME_SYSCALL_MMAP2_X",
	evMunmapX:          "PPME_SYSCALL_MUNMAP_X",
	evExecveV14X:       "PPME_SYSCALL_EXECVE_14_X",
	evForkX:            "PPME_SYSCALL_FORK_X",
	evVforkX:           "PPME_SYSCALL_VFORK_X",
	evProcexitV1E:      "PPME_PROCEXIT_1_E",
	evSendfileE:        "PPME_SYSCALL_SENDFILE_E",
	evSetresuidE:       "PPME_SYSCALL_SETRESUID_E",
	evSetresuidX:       "PPME_SYSCALL_SETRESUID_X",
	evSetresgidE:       "PPME_SYSCALL_SETRESGID_E",
	evSetresgidX:       "PPME_SYSCALL_SETRESGID_X",
	evSetuidE:          "PPME_SYSCALL_SETUID_E",
	evSetuidX:          "PPME_SYSCALL_SETUID_X",
	evSetgidE:          "PPME_SYSCALL_SETGID_E",
	evSetgidX:          "PPME_SYSCALL_SETGID_X",
	evGetuidE:          "PPME_SYSCALL_GETUID_E",
	evGetuidX:          "PPME_SYSCALL_GETUID_X",
	evExecveV15X:       "PPME_SYSCALL_EXECVE_15_X",
	evCloneV17X:        "PPME_SYSCALL_CLONE_17_X",
	evForkV17X:         "PPME_SYSCALL_FORK_17_X",
	evVforkV17X:        "PPME_SYSCALL_VFORK_17_X",
	evCloneV20E:        "PPME_SYSCALL_CLONE_20_E",
	evCloneV20X:        "PPME_SYSCALL_CLONE_20_X",
	evForkV20X:         "PPME_SYSCALL_FORK_20_X",
	evVforkV20X:        "PPME_SYSCALL_VFORK_20_X",
	evContainerE:       "PPME_CONTAINER_E",
	evExecveV16X:       "PPME_SYSCALL_EXECVE_16_X",
	evProcinfoE:        "PPME_PROCINFO_E",
	evAcceptV5E:        "PPME_SOCKET_ACCEPT_5_E",
	evAcceptV5X:        "PPME_SOCKET_ACCEPT_5_X",
	evAccept4V5E:       "PPME_SOCKET_ACCEPT4_5_E",
	evAccept4V5X:       "PPME_SOCKET_ACCEPT4_5_X",
	evChrootE:          "PPME_SYSCALL_CHROOT_E",
	evChrootX:          "PPME_SYSCALL_CHROOT_X",
	evTracerE:          "PPME_TRACER_E",
	evContainerJsonE:   "PPME_CONTAINER_JSON_E",
	evSetsidE:          "PPME_SYSCALL_SETSID_E",
	evSetsidX:          "PPME_SYSCALL_SETSID_X",
	evExecveV17X:       "PPME_SYSCALL_EXECVE_17_X",
	evExecveV18E:       "PPME_SYSCALL_EXECVE_18_E",
	evExecveV18X:       "PPME_SYSCALL_EXECVE_18_X",
	evExecveV19E:       "PPME_SYSCALL_EXECVE_19_E",
	evExecveV19X:       "PPME_SYSCALL_EXECVE_19_X",
	evSetpgidE:         "PPME_SYSCALL_SETPGID_E",
	evOpenatV2E:        "PPME_SYSCALL_OPENAT_2_E",
	evOpenatV2X:        "PPME_SYSCALL_OPENAT_2_X",
	evContainerJsonV2E: "PPME_CONTAINER_JSON_2_E",
	evOpenat2E:         "PPME_SYSCALL_OPENAT2_E",
	evOpenat2X:         "PPME_SYSCALL_OPENAT2_X",
	evExecveatE:        "PPME_SYSCALL_EXECVEAT_E",
	evExecveatX:        "PPME_SYSCALL_EXECVEAT_X",
	evCopyFileRangeX:   "PPME_SYSCALL_COPY_FILE_RANGE_X",
	evClone3X:          "PPME_SYSCALL_CLONE3_X",
}
