package state

// Event type ids the engine dispatches on (the PPME enum of the event table).
// evtids_test.go checks every one against schema.Events.
const (
	evGenericE             uint16 = 0   // PPME_GENERIC_E
	evGenericX             uint16 = 1   // PPME_GENERIC_X
	evOpenE                uint16 = 2   // PPME_SYSCALL_OPEN_E
	evOpenX                uint16 = 3   // PPME_SYSCALL_OPEN_X
	evCloseE               uint16 = 4   // PPME_SYSCALL_CLOSE_E
	evCloseX               uint16 = 5   // PPME_SYSCALL_CLOSE_X
	evReadE                uint16 = 6   // PPME_SYSCALL_READ_E
	evReadX                uint16 = 7   // PPME_SYSCALL_READ_X
	evWriteE               uint16 = 8   // PPME_SYSCALL_WRITE_E
	evWriteX               uint16 = 9   // PPME_SYSCALL_WRITE_X
	evBrkV1E               uint16 = 10  // PPME_SYSCALL_BRK_1_E
	evBrkV1X               uint16 = 11  // PPME_SYSCALL_BRK_1_X
	evExecveV8E            uint16 = 12  // PPME_SYSCALL_EXECVE_8_E
	evExecveV8X            uint16 = 13  // PPME_SYSCALL_EXECVE_8_X
	evCloneV11E            uint16 = 14  // PPME_SYSCALL_CLONE_11_E
	evCloneV11X            uint16 = 15  // PPME_SYSCALL_CLONE_11_X
	evProcexitE            uint16 = 16  // PPME_PROCEXIT_E
	evSocketE              uint16 = 18  // PPME_SOCKET_SOCKET_E
	evSocketX              uint16 = 19  // PPME_SOCKET_SOCKET_X
	evBindE                uint16 = 20  // PPME_SOCKET_BIND_E
	evBindX                uint16 = 21  // PPME_SOCKET_BIND_X
	evConnectE             uint16 = 22  // PPME_SOCKET_CONNECT_E
	evConnectX             uint16 = 23  // PPME_SOCKET_CONNECT_X
	evListenE              uint16 = 24  // PPME_SOCKET_LISTEN_E
	evListenX              uint16 = 25  // PPME_SOCKET_LISTEN_X
	evAcceptE              uint16 = 26  // PPME_SOCKET_ACCEPT_E
	evAcceptX              uint16 = 27  // PPME_SOCKET_ACCEPT_X
	evSendE                uint16 = 28  // PPME_SOCKET_SEND_E
	evSendX                uint16 = 29  // PPME_SOCKET_SEND_X
	evSendtoE              uint16 = 30  // PPME_SOCKET_SENDTO_E
	evSendtoX              uint16 = 31  // PPME_SOCKET_SENDTO_X
	evRecvE                uint16 = 32  // PPME_SOCKET_RECV_E
	evRecvX                uint16 = 33  // PPME_SOCKET_RECV_X
	evRecvfromE            uint16 = 34  // PPME_SOCKET_RECVFROM_E
	evRecvfromX            uint16 = 35  // PPME_SOCKET_RECVFROM_X
	evShutdownE            uint16 = 36  // PPME_SOCKET_SHUTDOWN_E
	evShutdownX            uint16 = 37  // PPME_SOCKET_SHUTDOWN_X
	evGetsocknameE         uint16 = 38  // PPME_SOCKET_GETSOCKNAME_E
	evGetsocknameX         uint16 = 39  // PPME_SOCKET_GETSOCKNAME_X
	evGetpeernameE         uint16 = 40  // PPME_SOCKET_GETPEERNAME_E
	evGetpeernameX         uint16 = 41  // PPME_SOCKET_GETPEERNAME_X
	evSocketpairE          uint16 = 42  // PPME_SOCKET_SOCKETPAIR_E
	evSocketpairX          uint16 = 43  // PPME_SOCKET_SOCKETPAIR_X
	evSetsockoptE          uint16 = 44  // PPME_SOCKET_SETSOCKOPT_E
	evSetsockoptX          uint16 = 45  // PPME_SOCKET_SETSOCKOPT_X
	evGetsockoptE          uint16 = 46  // PPME_SOCKET_GETSOCKOPT_E
	evGetsockoptX          uint16 = 47  // PPME_SOCKET_GETSOCKOPT_X
	evSendmsgE             uint16 = 48  // PPME_SOCKET_SENDMSG_E
	evSendmsgX             uint16 = 49  // PPME_SOCKET_SENDMSG_X
	evSendmmsgE            uint16 = 50  // PPME_SOCKET_SENDMMSG_E
	evSendmmsgX            uint16 = 51  // PPME_SOCKET_SENDMMSG_X
	evRecvmsgE             uint16 = 52  // PPME_SOCKET_RECVMSG_E
	evRecvmsgX             uint16 = 53  // PPME_SOCKET_RECVMSG_X
	evRecvmmsgE            uint16 = 54  // PPME_SOCKET_RECVMMSG_E
	evRecvmmsgX            uint16 = 55  // PPME_SOCKET_RECVMMSG_X
	evAccept4E             uint16 = 56  // PPME_SOCKET_ACCEPT4_E
	evAccept4X             uint16 = 57  // PPME_SOCKET_ACCEPT4_X
	evCreatE               uint16 = 58  // PPME_SYSCALL_CREAT_E
	evCreatX               uint16 = 59  // PPME_SYSCALL_CREAT_X
	evPipeE                uint16 = 60  // PPME_SYSCALL_PIPE_E
	evPipeX                uint16 = 61  // PPME_SYSCALL_PIPE_X
	evEventfdE             uint16 = 62  // PPME_SYSCALL_EVENTFD_E
	evEventfdX             uint16 = 63  // PPME_SYSCALL_EVENTFD_X
	evFutexE               uint16 = 64  // PPME_SYSCALL_FUTEX_E
	evFutexX               uint16 = 65  // PPME_SYSCALL_FUTEX_X
	evStatE                uint16 = 66  // PPME_SYSCALL_STAT_E
	evStatX                uint16 = 67  // PPME_SYSCALL_STAT_X
	evLstatE               uint16 = 68  // PPME_SYSCALL_LSTAT_E
	evLstatX               uint16 = 69  // PPME_SYSCALL_LSTAT_X
	evFstatE               uint16 = 70  // PPME_SYSCALL_FSTAT_E
	evFstatX               uint16 = 71  // PPME_SYSCALL_FSTAT_X
	evStat64E              uint16 = 72  // PPME_SYSCALL_STAT64_E
	evStat64X              uint16 = 73  // PPME_SYSCALL_STAT64_X
	evLstat64E             uint16 = 74  // PPME_SYSCALL_LSTAT64_E
	evLstat64X             uint16 = 75  // PPME_SYSCALL_LSTAT64_X
	evFstat64E             uint16 = 76  // PPME_SYSCALL_FSTAT64_E
	evFstat64X             uint16 = 77  // PPME_SYSCALL_FSTAT64_X
	evEpollwaitE           uint16 = 78  // PPME_SYSCALL_EPOLLWAIT_E
	evEpollwaitX           uint16 = 79  // PPME_SYSCALL_EPOLLWAIT_X
	evPollE                uint16 = 80  // PPME_SYSCALL_POLL_E
	evPollX                uint16 = 81  // PPME_SYSCALL_POLL_X
	evSelectE              uint16 = 82  // PPME_SYSCALL_SELECT_E
	evSelectX              uint16 = 83  // PPME_SYSCALL_SELECT_X
	evNewselectE           uint16 = 84  // PPME_SYSCALL_NEWSELECT_E
	evNewselectX           uint16 = 85  // PPME_SYSCALL_NEWSELECT_X
	evLseekE               uint16 = 86  // PPME_SYSCALL_LSEEK_E
	evLseekX               uint16 = 87  // PPME_SYSCALL_LSEEK_X
	evLlseekE              uint16 = 88  // PPME_SYSCALL_LLSEEK_E
	evLlseekX              uint16 = 89  // PPME_SYSCALL_LLSEEK_X
	evIoctlV2E             uint16 = 90  // PPME_SYSCALL_IOCTL_2_E
	evIoctlV2X             uint16 = 91  // PPME_SYSCALL_IOCTL_2_X
	evGetcwdE              uint16 = 92  // PPME_SYSCALL_GETCWD_E
	evGetcwdX              uint16 = 93  // PPME_SYSCALL_GETCWD_X
	evChdirE               uint16 = 94  // PPME_SYSCALL_CHDIR_E
	evChdirX               uint16 = 95  // PPME_SYSCALL_CHDIR_X
	evFchdirE              uint16 = 96  // PPME_SYSCALL_FCHDIR_E
	evFchdirX              uint16 = 97  // PPME_SYSCALL_FCHDIR_X
	evMkdirE               uint16 = 98  // PPME_SYSCALL_MKDIR_E
	evMkdirX               uint16 = 99  // PPME_SYSCALL_MKDIR_X
	evRmdirE               uint16 = 100 // PPME_SYSCALL_RMDIR_E
	evRmdirX               uint16 = 101 // PPME_SYSCALL_RMDIR_X
	evOpenatE              uint16 = 102 // PPME_SYSCALL_OPENAT_E
	evOpenatX              uint16 = 103 // PPME_SYSCALL_OPENAT_X
	evLinkE                uint16 = 104 // PPME_SYSCALL_LINK_E
	evLinkX                uint16 = 105 // PPME_SYSCALL_LINK_X
	evLinkatE              uint16 = 106 // PPME_SYSCALL_LINKAT_E
	evLinkatX              uint16 = 107 // PPME_SYSCALL_LINKAT_X
	evUnlinkE              uint16 = 108 // PPME_SYSCALL_UNLINK_E
	evUnlinkX              uint16 = 109 // PPME_SYSCALL_UNLINK_X
	evUnlinkatE            uint16 = 110 // PPME_SYSCALL_UNLINKAT_E
	evUnlinkatX            uint16 = 111 // PPME_SYSCALL_UNLINKAT_X
	evPreadE               uint16 = 112 // PPME_SYSCALL_PREAD_E
	evPreadX               uint16 = 113 // PPME_SYSCALL_PREAD_X
	evPwriteE              uint16 = 114 // PPME_SYSCALL_PWRITE_E
	evPwriteX              uint16 = 115 // PPME_SYSCALL_PWRITE_X
	evReadvE               uint16 = 116 // PPME_SYSCALL_READV_E
	evReadvX               uint16 = 117 // PPME_SYSCALL_READV_X
	evWritevE              uint16 = 118 // PPME_SYSCALL_WRITEV_E
	evWritevX              uint16 = 119 // PPME_SYSCALL_WRITEV_X
	evPreadvE              uint16 = 120 // PPME_SYSCALL_PREADV_E
	evPreadvX              uint16 = 121 // PPME_SYSCALL_PREADV_X
	evPwritevE             uint16 = 122 // PPME_SYSCALL_PWRITEV_E
	evPwritevX             uint16 = 123 // PPME_SYSCALL_PWRITEV_X
	evDupE                 uint16 = 124 // PPME_SYSCALL_DUP_E
	evDupX                 uint16 = 125 // PPME_SYSCALL_DUP_X
	evSignalfdE            uint16 = 126 // PPME_SYSCALL_SIGNALFD_E
	evSignalfdX            uint16 = 127 // PPME_SYSCALL_SIGNALFD_X
	evKillE                uint16 = 128 // PPME_SYSCALL_KILL_E
	evKillX                uint16 = 129 // PPME_SYSCALL_KILL_X
	evTkillE               uint16 = 130 // PPME_SYSCALL_TKILL_E
	evTkillX               uint16 = 131 // PPME_SYSCALL_TKILL_X
	evTgkillE              uint16 = 132 // PPME_SYSCALL_TGKILL_E
	evTgkillX              uint16 = 133 // PPME_SYSCALL_TGKILL_X
	evNanosleepE           uint16 = 134 // PPME_SYSCALL_NANOSLEEP_E
	evNanosleepX           uint16 = 135 // PPME_SYSCALL_NANOSLEEP_X
	evTimerfdCreateE       uint16 = 136 // PPME_SYSCALL_TIMERFD_CREATE_E
	evTimerfdCreateX       uint16 = 137 // PPME_SYSCALL_TIMERFD_CREATE_X
	evInotifyInitE         uint16 = 138 // PPME_SYSCALL_INOTIFY_INIT_E
	evInotifyInitX         uint16 = 139 // PPME_SYSCALL_INOTIFY_INIT_X
	evGetrlimitE           uint16 = 140 // PPME_SYSCALL_GETRLIMIT_E
	evGetrlimitX           uint16 = 141 // PPME_SYSCALL_GETRLIMIT_X
	evSetrlimitE           uint16 = 142 // PPME_SYSCALL_SETRLIMIT_E
	evSetrlimitX           uint16 = 143 // PPME_SYSCALL_SETRLIMIT_X
	evPrlimitE             uint16 = 144 // PPME_SYSCALL_PRLIMIT_E
	evPrlimitX             uint16 = 145 // PPME_SYSCALL_PRLIMIT_X
	evSchedswitchV1E       uint16 = 146 // PPME_SCHEDSWITCH_1_E
	evDropE                uint16 = 148 // PPME_DROP_E
	evDropX                uint16 = 149 // PPME_DROP_X
	evFcntlE               uint16 = 150 // PPME_SYSCALL_FCNTL_E
	evFcntlX               uint16 = 151 // PPME_SYSCALL_FCNTL_X
	evSchedswitchV6E       uint16 = 152 // PPME_SCHEDSWITCH_6_E
	evExecveV13E           uint16 = 154 // PPME_SYSCALL_EXECVE_13_E
	evExecveV13X           uint16 = 155 // PPME_SYSCALL_EXECVE_13_X
	evCloneV16E            uint16 = 156 // PPME_SYSCALL_CLONE_16_E
	evCloneV16X            uint16 = 157 // PPME_SYSCALL_CLONE_16_X
	evBrkV4E               uint16 = 158 // PPME_SYSCALL_BRK_4_E
	evBrkV4X               uint16 = 159 // PPME_SYSCALL_BRK_4_X
	evMmapE                uint16 = 160 // PPME_SYSCALL_MMAP_E
	evMmapX                uint16 = 161 // PPME_SYSCALL_MMAP_X
	evMmap2E               uint16 = 162 // PPME_SYSCALL_MMAP2_E
	evMmap2X               uint16 = 163 // PPME_SYSCALL_MMAP2_X
	evMunmapE              uint16 = 164 // PPME_SYSCALL_MUNMAP_E
	evMunmapX              uint16 = 165 // PPME_SYSCALL_MUNMAP_X
	evSpliceE              uint16 = 166 // PPME_SYSCALL_SPLICE_E
	evSpliceX              uint16 = 167 // PPME_SYSCALL_SPLICE_X
	evPtraceE              uint16 = 168 // PPME_SYSCALL_PTRACE_E
	evPtraceX              uint16 = 169 // PPME_SYSCALL_PTRACE_X
	evIoctlV3E             uint16 = 170 // PPME_SYSCALL_IOCTL_3_E
	evIoctlV3X             uint16 = 171 // PPME_SYSCALL_IOCTL_3_X
	evExecveV14E           uint16 = 172 // PPME_SYSCALL_EXECVE_14_E
	evExecveV14X           uint16 = 173 // PPME_SYSCALL_EXECVE_14_X
	evRenameE              uint16 = 174 // PPME_SYSCALL_RENAME_E
	evRenameX              uint16 = 175 // PPME_SYSCALL_RENAME_X
	evRenameatE            uint16 = 176 // PPME_SYSCALL_RENAMEAT_E
	evRenameatX            uint16 = 177 // PPME_SYSCALL_RENAMEAT_X
	evSymlinkE             uint16 = 178 // PPME_SYSCALL_SYMLINK_E
	evSymlinkX             uint16 = 179 // PPME_SYSCALL_SYMLINK_X
	evSymlinkatE           uint16 = 180 // PPME_SYSCALL_SYMLINKAT_E
	evSymlinkatX           uint16 = 181 // PPME_SYSCALL_SYMLINKAT_X
	evForkE                uint16 = 182 // PPME_SYSCALL_FORK_E
	evForkX                uint16 = 183 // PPME_SYSCALL_FORK_X
	evVforkE               uint16 = 184 // PPME_SYSCALL_VFORK_E
	evVforkX               uint16 = 185 // PPME_SYSCALL_VFORK_X
	evProcexitV1E          uint16 = 186 // PPME_PROCEXIT_1_E
	evSendfileE            uint16 = 188 // PPME_SYSCALL_SENDFILE_E
	evSendfileX            uint16 = 189 // PPME_SYSCALL_SENDFILE_X
	evQuotactlE            uint16 = 190 // PPME_SYSCALL_QUOTACTL_E
	evQuotactlX            uint16 = 191 // PPME_SYSCALL_QUOTACTL_X
	evSetresuidE           uint16 = 192 // PPME_SYSCALL_SETRESUID_E
	evSetresuidX           uint16 = 193 // PPME_SYSCALL_SETRESUID_X
	evSetresgidE           uint16 = 194 // PPME_SYSCALL_SETRESGID_E
	evSetresgidX           uint16 = 195 // PPME_SYSCALL_SETRESGID_X
	evSysdigeventE         uint16 = 196 // PPME_SYSDIGEVENT_E
	evSysdigeventX         uint16 = 197 // PPME_SYSDIGEVENT_X
	evSetuidE              uint16 = 198 // PPME_SYSCALL_SETUID_E
	evSetuidX              uint16 = 199 // PPME_SYSCALL_SETUID_X
	evSetgidE              uint16 = 200 // PPME_SYSCALL_SETGID_E
	evSetgidX              uint16 = 201 // PPME_SYSCALL_SETGID_X
	evGetuidE              uint16 = 202 // PPME_SYSCALL_GETUID_E
	evGetuidX              uint16 = 203 // PPME_SYSCALL_GETUID_X
	evGeteuidE             uint16 = 204 // PPME_SYSCALL_GETEUID_E
	evGeteuidX             uint16 = 205 // PPME_SYSCALL_GETEUID_X
	evGetgidE              uint16 = 206 // PPME_SYSCALL_GETGID_E
	evGetgidX              uint16 = 207 // PPME_SYSCALL_GETGID_X
	evGetegidE             uint16 = 208 // PPME_SYSCALL_GETEGID_E
	evGetegidX             uint16 = 209 // PPME_SYSCALL_GETEGID_X
	evGetresuidE           uint16 = 210 // PPME_SYSCALL_GETRESUID_E
	evGetresuidX           uint16 = 211 // PPME_SYSCALL_GETRESUID_X
	evGetresgidE           uint16 = 212 // PPME_SYSCALL_GETRESGID_E
	evGetresgidX           uint16 = 213 // PPME_SYSCALL_GETRESGID_X
	evExecveV15E           uint16 = 214 // PPME_SYSCALL_EXECVE_15_E
	evExecveV15X           uint16 = 215 // PPME_SYSCALL_EXECVE_15_X
	evCloneV17E            uint16 = 216 // PPME_SYSCALL_CLONE_17_E
	evCloneV17X            uint16 = 217 // PPME_SYSCALL_CLONE_17_X
	evForkV17E             uint16 = 218 // PPME_SYSCALL_FORK_17_E
	evForkV17X             uint16 = 219 // PPME_SYSCALL_FORK_17_X
	evVforkV17E            uint16 = 220 // PPME_SYSCALL_VFORK_17_E
	evVforkV17X            uint16 = 221 // PPME_SYSCALL_VFORK_17_X
	evCloneV20E            uint16 = 222 // PPME_SYSCALL_CLONE_20_E
	evCloneV20X            uint16 = 223 // PPME_SYSCALL_CLONE_20_X
	evForkV20E             uint16 = 224 // PPME_SYSCALL_FORK_20_E
	evForkV20X             uint16 = 225 // PPME_SYSCALL_FORK_20_X
	evVforkV20E            uint16 = 226 // PPME_SYSCALL_VFORK_20_E
	evVforkV20X            uint16 = 227 // PPME_SYSCALL_VFORK_20_X
	evContainerE           uint16 = 228 // PPME_CONTAINER_E
	evExecveV16E           uint16 = 230 // PPME_SYSCALL_EXECVE_16_E
	evExecveV16X           uint16 = 231 // PPME_SYSCALL_EXECVE_16_X
	evSignaldeliverE       uint16 = 232 // PPME_SIGNALDELIVER_E
	evSignaldeliverX       uint16 = 233 // PPME_SIGNALDELIVER_X
	evProcinfoE            uint16 = 234 // PPME_PROCINFO_E
	evGetdentsE            uint16 = 236 // PPME_SYSCALL_GETDENTS_E
	evGetdentsX            uint16 = 237 // PPME_SYSCALL_GETDENTS_X
	evGetdents64E          uint16 = 238 // PPME_SYSCALL_GETDENTS64_E
	evGetdents64X          uint16 = 239 // PPME_SYSCALL_GETDENTS64_X
	evSetnsE               uint16 = 240 // PPME_SYSCALL_SETNS_E
	evSetnsX               uint16 = 241 // PPME_SYSCALL_SETNS_X
	evFlockE               uint16 = 242 // PPME_SYSCALL_FLOCK_E
	evFlockX               uint16 = 243 // PPME_SYSCALL_FLOCK_X
	evCpuHotplugE          uint16 = 244 // PPME_CPU_HOTPLUG_E
	evCpuHotplugX          uint16 = 245 // PPME_CPU_HOTPLUG_X
	evAcceptV5E            uint16 = 246 // PPME_SOCKET_ACCEPT_5_E
	evAcceptV5X            uint16 = 247 // PPME_SOCKET_ACCEPT_5_X
	evAccept4V5E           uint16 = 248 // PPME_SOCKET_ACCEPT4_5_E
	evAccept4V5X           uint16 = 249 // PPME_SOCKET_ACCEPT4_5_X
	evSemopE               uint16 = 250 // PPME_SYSCALL_SEMOP_E
	evSemopX               uint16 = 251 // PPME_SYSCALL_SEMOP_X
	evSemctlE              uint16 = 252 // PPME_SYSCALL_SEMCTL_E
	evSemctlX              uint16 = 253 // PPME_SYSCALL_SEMCTL_X
	evPpollE               uint16 = 254 // PPME_SYSCALL_PPOLL_E
	evPpollX               uint16 = 255 // PPME_SYSCALL_PPOLL_X
	evMountE               uint16 = 256 // PPME_SYSCALL_MOUNT_E
	evMountX               uint16 = 257 // PPME_SYSCALL_MOUNT_X
	evUmountE              uint16 = 258 // PPME_SYSCALL_UMOUNT_E
	evUmountX              uint16 = 259 // PPME_SYSCALL_UMOUNT_X
	evK8sE                 uint16 = 260 // PPME_K8S_E
	evK8sX                 uint16 = 261 // PPME_K8S_X
	evSemgetE              uint16 = 262 // PPME_SYSCALL_SEMGET_E
	evSemgetX              uint16 = 263 // PPME_SYSCALL_SEMGET_X
	evAccessE              uint16 = 264 // PPME_SYSCALL_ACCESS_E
	evAccessX              uint16 = 265 // PPME_SYSCALL_ACCESS_X
	evChrootE              uint16 = 266 // PPME_SYSCALL_CHROOT_E
	evChrootX              uint16 = 267 // PPME_SYSCALL_CHROOT_X
	evTracerE              uint16 = 268 // PPME_TRACER_E
	evTracerX              uint16 = 269 // PPME_TRACER_X
	evMesosE               uint16 = 270 // PPME_MESOS_E
	evMesosX               uint16 = 271 // PPME_MESOS_X
	evContainerJsonE       uint16 = 272 // PPME_CONTAINER_JSON_E
	evSetsidE              uint16 = 274 // PPME_SYSCALL_SETSID_E
	evSetsidX              uint16 = 275 // PPME_SYSCALL_SETSID_X
	evMkdirV2E             uint16 = 276 // PPME_SYSCALL_MKDIR_2_E
	evMkdirV2X             uint16 = 277 // PPME_SYSCALL_MKDIR_2_X
	evRmdirV2E             uint16 = 278 // PPME_SYSCALL_RMDIR_2_E
	evRmdirV2X             uint16 = 279 // PPME_SYSCALL_RMDIR_2_X
	evNotificationE        uint16 = 280 // PPME_NOTIFICATION_E
	evNotificationX        uint16 = 281 // PPME_NOTIFICATION_X
	evExecveV17E           uint16 = 282 // PPME_SYSCALL_EXECVE_17_E
	evExecveV17X           uint16 = 283 // PPME_SYSCALL_EXECVE_17_X
	evUnshareE             uint16 = 284 // PPME_SYSCALL_UNSHARE_E
	evUnshareX             uint16 = 285 // PPME_SYSCALL_UNSHARE_X
	evInfrastructureEventE uint16 = 286 // PPME_INFRASTRUCTURE_EVENT_E
	evInfrastructureEventX uint16 = 287 // PPME_INFRASTRUCTURE_EVENT_X
	evExecveV18E           uint16 = 288 // PPME_SYSCALL_EXECVE_18_E
	evExecveV18X           uint16 = 289 // PPME_SYSCALL_EXECVE_18_X
	evPageFaultE           uint16 = 290 // PPME_PAGE_FAULT_E
	evPageFaultX           uint16 = 291 // PPME_PAGE_FAULT_X
	evExecveV19E           uint16 = 292 // PPME_SYSCALL_EXECVE_19_E
	evExecveV19X           uint16 = 293 // PPME_SYSCALL_EXECVE_19_X
	evSetpgidE             uint16 = 294 // PPME_SYSCALL_SETPGID_E
	evSetpgidX             uint16 = 295 // PPME_SYSCALL_SETPGID_X
	evBpfE                 uint16 = 296 // PPME_SYSCALL_BPF_E
	evBpfX                 uint16 = 297 // PPME_SYSCALL_BPF_X
	evSeccompE             uint16 = 298 // PPME_SYSCALL_SECCOMP_E
	evSeccompX             uint16 = 299 // PPME_SYSCALL_SECCOMP_X
	evUnlinkV2E            uint16 = 300 // PPME_SYSCALL_UNLINK_2_E
	evUnlinkV2X            uint16 = 301 // PPME_SYSCALL_UNLINK_2_X
	evUnlinkatV2E          uint16 = 302 // PPME_SYSCALL_UNLINKAT_2_E
	evUnlinkatV2X          uint16 = 303 // PPME_SYSCALL_UNLINKAT_2_X
	evMkdiratE             uint16 = 304 // PPME_SYSCALL_MKDIRAT_E
	evMkdiratX             uint16 = 305 // PPME_SYSCALL_MKDIRAT_X
	evOpenatV2E            uint16 = 306 // PPME_SYSCALL_OPENAT_2_E
	evOpenatV2X            uint16 = 307 // PPME_SYSCALL_OPENAT_2_X
	evLinkV2E              uint16 = 308 // PPME_SYSCALL_LINK_2_E
	evLinkV2X              uint16 = 309 // PPME_SYSCALL_LINK_2_X
	evLinkatV2E            uint16 = 310 // PPME_SYSCALL_LINKAT_2_E
	evLinkatV2X            uint16 = 311 // PPME_SYSCALL_LINKAT_2_X
	evFchmodatE            uint16 = 312 // PPME_SYSCALL_FCHMODAT_E
	evFchmodatX            uint16 = 313 // PPME_SYSCALL_FCHMODAT_X
	evChmodE               uint16 = 314 // PPME_SYSCALL_CHMOD_E
	evChmodX               uint16 = 315 // PPME_SYSCALL_CHMOD_X
	evFchmodE              uint16 = 316 // PPME_SYSCALL_FCHMOD_E
	evFchmodX              uint16 = 317 // PPME_SYSCALL_FCHMOD_X
	evRenameat2E           uint16 = 318 // PPME_SYSCALL_RENAMEAT2_E
	evRenameat2X           uint16 = 319 // PPME_SYSCALL_RENAMEAT2_X
	evUserfaultfdE         uint16 = 320 // PPME_SYSCALL_USERFAULTFD_E
	evUserfaultfdX         uint16 = 321 // PPME_SYSCALL_USERFAULTFD_X
	evPlugineventE         uint16 = 322 // PPME_PLUGINEVENT_E
	evPlugineventX         uint16 = 323 // PPME_PLUGINEVENT_X
	evContainerJsonV2E     uint16 = 324 // PPME_CONTAINER_JSON_2_E
	evOpenat2E             uint16 = 326 // PPME_SYSCALL_OPENAT2_E
	evOpenat2X             uint16 = 327 // PPME_SYSCALL_OPENAT2_X
	evMprotectE            uint16 = 328 // PPME_SYSCALL_MPROTECT_E
	evMprotectX            uint16 = 329 // PPME_SYSCALL_MPROTECT_X
	evExecveatE            uint16 = 330 // PPME_SYSCALL_EXECVEAT_E
	evExecveatX            uint16 = 331 // PPME_SYSCALL_EXECVEAT_X
	evCopyFileRangeE       uint16 = 332 // PPME_SYSCALL_COPY_FILE_RANGE_E
	evCopyFileRangeX       uint16 = 333 // PPME_SYSCALL_COPY_FILE_RANGE_X
	evClone3E              uint16 = 334 // PPME_SYSCALL_CLONE3_E
	evClone3X              uint16 = 335 // PPME_SYSCALL_CLONE3_X
	evUserAddedE           uint16 = 354 // PPME_USER_ADDED_E
	evUserDeletedE         uint16 = 356 // PPME_USER_DELETED_E
	evGroupAddedE          uint16 = 358 // PPME_GROUP_ADDED_E
	evGroupDeletedE        uint16 = 360 // PPME_GROUP_DELETED_E
)

// eventIDNames pairs each constant with its enum name for the consistency test.
var eventIDNames = map[uint16]string{
	evGenericE:             "PPME_GENERIC_E",
	evGenericX:             "PPME_GENERIC_X",
	evOpenE:                "PPME_SYSCALL_OPEN_E",
	evOpenX:                "PPME_SYSCALL_OPEN_X",
	evCloseE:               "PPME_SYSCALL_CLOSE_E",
	evCloseX:               "PPME_SYSCALL_CLOSE_X",
	evReadE:                "PPME_SYSCALL_READ_E",
	evReadX:                "PPME_SYSCALL_READ_X",
	evWriteE:               "PPME_SYSCALL_WRITE_E",
	evWriteX:               "PPME_SYSCALL_WRITE_X",
	evBrkV1E:               "PPME_SYSCALL_BRK_1_E",
	evBrkV1X:               "PPME_SYSCALL_BRK_1_X",
	evExecveV8E:            "PPME_SYSCALL_EXECVE_8_E",
	evExecveV8X:            "PPME_SYSCALL_EXECVE_8_X",
	evCloneV11E:            "PPME_SYSCALL_CLONE_11_E",
	evCloneV11X:            "PPME_SYSCALL_CLONE_11_X",
	evProcexitE:            "PPME_PROCEXIT_E",
	evSocketE:              "PPME_SOCKET_SOCKET_E",
	evSocketX:              "PPME_SOCKET_SOCKET_X",
	evBindE:                "PPME_SOCKET_BIND_E",
	evBindX:                "PPME_SOCKET_BIND_X",
	evConnectE:             "PPME_SOCKET_CONNECT_E",
	evConnectX:             "PPME_SOCKET_CONNECT_X",
	evListenE:              "PPME_SOCKET_LISTEN_E",
	evListenX:              "PPME_SOCKET_LISTEN_X",
	evAcceptE:              "PPME_SOCKET_ACCEPT_E",
	evAcceptX:              "PPME_SOCKET_ACCEPT_X",
	evSendE:                "PPME_SOCKET_SEND_E",
	evSendX:                "PPME_SOCKET_SEND_X",
	evSendtoE:              "PPME_SOCKET_SENDTO_E",
	evSendtoX:              "PPME_SOCKET_SENDTO_X",
	evRecvE:                "PPME_SOCKET_RECV_E",
	evRecvX:                "PPME_SOCKET_RECV_X",
	evRecvfromE:            "PPME_SOCKET_RECVFROM_E",
	evRecvfromX:            "PPME_SOCKET_RECVFROM_X",
	evShutdownE:            "PPME_SOCKET_SHUTDOWN_E",
	evShutdownX:            "PPME_SOCKET_SHUTDOWN_X",
	evGetsocknameE:         "PPME_SOCKET_GETSOCKNAME_E",
	evGetsocknameX:         "PPME_SOCKET_GETSOCKNAME_X",
	evGetpeernameE:         "PPME_SOCKET_GETPEERNAME_E",
	evGetpeernameX:         "PPME_SOCKET_GETPEERNAME_X",
	evSocketpairE:          "PPME_SOCKET_SOCKETPAIR_E",
	evSocketpairX:          "PPME_SOCKET_SOCKETPAIR_X",
	evSetsockoptE:          "PPME_SOCKET_SETSOCKOPT_E",
	evSetsockoptX:          "PPME_SOCKET_SETSOCKOPT_X",
	evGetsockoptE:          "PPME_SOCKET_GETSOCKOPT_E",
	evGetsockoptX:          "PPME_SOCKET_GETSOCKOPT_X",
	evSendmsgE:             "PPME_SOCKET_SENDMSG_E",
	evSendmsgX:             "PPME_SOCKET_SENDMSG_X",
	evSendmmsgE:            "PPME_SOCKET_SENDMMSG_E",
	evSendmmsgX:            "PPME_SOCKET_SENDMMSG_X",
	evRecvmsgE:             "PPME_SOCKET_RECVMSG_E",
	evRecvmsgX:             "PPME_SOCKET_RECVMSG_X",
	evRecvmmsgE:            "PPME_SOCKET_RECVMMSG_E",
	evRecvmmsgX:            "PPME_SOCKET_RECVMMSG_X",
	evAccept4E:             "PPME_SOCKET_ACCEPT4_E",
	evAccept4X:             "PPME_SOCKET_ACCEPT4_X",
	evCreatE:               "PPME_SYSCALL_CREAT_E",
	evCreatX:               "PPME_SYSCALL_CREAT_X",
	evPipeE:                "PPME_SYSCALL_PIPE_E",
	evPipeX:                "PPME_SYSCALL_PIPE_X",
	evEventfdE:             "PPME_SYSCALL_EVENTFD_E",
	evEventfdX:             "PPME_SYSCALL_EVENTFD_X",
	evFutexE:               "PPME_SYSCALL_FUTEX_E",
	evFutexX:               "PPME_SYSCALL_FUTEX_X",
	evStatE:                "PPME_SYSCALL_STAT_E",
	evStatX:                "PPME_SYSCALL_STAT_X",
	evLstatE:               "PPME_SYSCALL_LSTAT_E",
	evLstatX:               "PPME_SYSCALL_LSTAT_X",
	evFstatE:               "PPME_SYSCALL_FSTAT_E",
	evFstatX:               "PPME_SYSCALL_FSTAT_X",
	evStat64E:              "PPME_SYSCALL_STAT64_E",
	evStat64X:              "PPME_SYSCALL_STAT64_X",
	evLstat64E:             "PPME_SYSCALL_LSTAT64_E",
	evLstat64X:             "PPME_SYSCALL_LSTAT64_X",
	evFstat64E:             "PPME_SYSCALL_FSTAT64_E",
	evFstat64X:             "PPME_SYSCALL_FSTAT64_X",
	evEpollwaitE:           "PPME_SYSCALL_EPOLLWAIT_E",
	evEpollwaitX:           "PPME_SYSCALL_EPOLLWAIT_X",
	evPollE:                "PPME_SYSCALL_POLL_E",
	evPollX:                "PPME_SYSCALL_POLL_X",
	evSelectE:              "PPME_SYSCALL_SELECT_E",
	evSelectX:              "PPME_SYSCALL_SELECT_X",
	evNewselectE:           "PPME_SYSCALL_NEWSELECT_E",
	evNewselectX:           "PPME_SYSCALL_NEWSELECT_X",
	evLseekE:               "PPME_SYSCALL_LSEEK_E",
	evLseekX:               "PPME_SYSCALL_LSEEK_X",
	evLlseekE:              "PPME_SYSCALL_LLSEEK_E",
	evLlseekX:              "PPME_SYSCALL_LLSEEK_X",
	evIoctlV2E:             "PPME_SYSCALL_IOCTL_2_E",
	evIoctlV2X:             "PPME_SYSCALL_IOCTL_2_X",
	evGetcwdE:              "PPME_SYSCALL_GETCWD_E",
	evGetcwdX:              "PPME_SYSCALL_GETCWD_X",
	evChdirE:               "PPME_SYSCALL_CHDIR_E",
	evChdirX:               "PPME_SYSCALL_CHDIR_X",
	evFchdirE:              "PPME_SYSCALL_FCHDIR_E",
	evFchdirX:              "PPME_SYSCALL_FCHDIR_X",
	evMkdirE:               "PPME_SYSCALL_MKDIR_E",
	evMkdirX:               "PPME_SYSCALL_MKDIR_X",
	evRmdirE:               "PPME_SYSCALL_RMDIR_E",
	evRmdirX:               "PPME_SYSCALL_RMDIR_X",
	evOpenatE:              "PPME_SYSCALL_OPENAT_E",
	evOpenatX:              "PPME_SYSCALL_OPENAT_X",
	evLinkE:                "PPME_SYSCALL_LINK_E",
	evLinkX:                "PPME_SYSCALL_LINK_X",
	evLinkatE:              "PPME_SYSCALL_LINKAT_E",
	evLinkatX:              "PPME_SYSCALL_LINKAT_X",
	evUnlinkE:              "PPME_SYSCALL_UNLINK_E",
	evUnlinkX:              "PPME_SYSCALL_UNLINK_X",
	evUnlinkatE:            "PPME_SYSCALL_UNLINKAT_E",
	evUnlinkatX:            "PPME_SYSCALL_UNLINKAT_X",
	evPreadE:               "PPME_SYSCALL_PREAD_E",
	evPreadX:               "PPME_SYSCALL_PREAD_X",
	evPwriteE:              "PPME_SYSCALL_PWRITE_E",
	evPwriteX:              "PPME_SYSCALL_PWRITE_X",
	evReadvE:               "PPME_SYSCALL_READV_E",
	evReadvX:               "PPME_SYSCALL_READV_X",
	evWritevE:              "PPME_SYSCALL_WRITEV_E",
	evWritevX:              "PPME_SYSCALL_WRITEV_X",
	evPreadvE:              "PPME_SYSCALL_PREADV_E",
	evPreadvX:              "PPME_SYSCALL_PREADV_X",
	evPwritevE:             "PPME_SYSCALL_PWRITEV_E",
	evPwritevX:             "PPME_SYSCALL_PWRITEV_X",
	evDupE:                 "PPME_SYSCALL_DUP_E",
	evDupX:                 "PPME_SYSCALL_DUP_X",
	evSignalfdE:            "PPME_SYSCALL_SIGNALFD_E",
	evSignalfdX:            "PPME_SYSCALL_SIGNALFD_X",
	evKillE:                "PPME_SYSCALL_KILL_E",
	evKillX:                "PPME_SYSCALL_KILL_X",
	evTkillE:               "PPME_SYSCALL_TKILL_E",
	evTkillX:               "PPME_SYSCALL_TKILL_X",
	evTgkillE:              "PPME_SYSCALL_TGKILL_E",
	evTgkillX:              "PPME_SYSCALL_TGKILL_X",
	evNanosleepE:           "PPME_SYSCALL_NANOSLEEP_E",
	evNanosleepX:           "PPME_SYSCALL_NANOSLEEP_X",
	evTimerfdCreateE:       "PPME_SYSCALL_TIMERFD_CREATE_E",
	evTimerfdCreateX:       "PPME_SYSCALL_TIMERFD_CREATE_X",
	evInotifyInitE:         "PPME_SYSCALL_INOTIFY_INIT_E",
	evInotifyInitX:         "PPME_SYSCALL_INOTIFY_INIT_X",
	evGetrlimitE:           "PPME_SYSCALL_GETRLIMIT_E",
	evGetrlimitX:           "PPME_SYSCALL_GETRLIMIT_X",
	evSetrlimitE:           "PPME_SYSCALL_SETRLIMIT_E",
	evSetrlimitX:           "PPME_SYSCALL_SETRLIMIT_X",
	evPrlimitE:             "PPME_SYSCALL_PRLIMIT_E",
	evPrlimitX:             "PPME_SYSCALL_PRLIMIT_X",
	evSchedswitchV1E:       "PPME_SCHEDSWITCH_1_E",
	evDropE:                "PPME_DROP_E",
	evDropX:                "PPME_DROP_X",
	evFcntlE:               "PPME_SYSCALL_FCNTL_E",
	evFcntlX:               "PPME_SYSCALL_FCNTL_X",
	evSchedswitchV6E:       "PPME_SCHEDSWITCH_6_E",
	evExecveV13E:           "PPME_SYSCALL_EXECVE_13_E",
	evExecveV13X:           "PPME_SYSCALL_EXECVE_13_X",
	evCloneV16E:            "PPME_SYSCALL_CLONE_16_E",
	evCloneV16X:            "PPME_SYSCALL_CLONE_16_X",
	evBrkV4E:               "PPME_SYSCALL_BRK_4_E",
	evBrkV4X:               "PPME_SYSCALL_BRK_4_X",
	evMmapE:                "PPME_SYSCALL_MMAP_E",
	evMmapX:                "PPME_SYSCALL_MMAP_X",
	evMmap2E:               "PPME_SYSCALL_MMAP2_E",
	evMmap2X:               "PPME_SYSCALL_MMAP2_X",
	evMunmapE:              "PPME_SYSCALL_MUNMAP_E",
	evMunmapX:              "PPME_SYSCALL_MUNMAP_X",
	evSpliceE:              "PPME_SYSCALL_SPLICE_E",
	evSpliceX:              "PPME_SYSCALL_SPLICE_X",
	evPtraceE:              "PPME_SYSCALL_PTRACE_E",
	evPtraceX:              "PPME_SYSCALL_PTRACE_X",
	evIoctlV3E:             "PPME_SYSCALL_IOCTL_3_E",
	evIoctlV3X:             "PPME_SYSCALL_IOCTL_3_X",
	evExecveV14E:           "PPME_SYSCALL_EXECVE_14_E",
	evExecveV14X:           "PPME_SYSCALL_EXECVE_14_X",
	evRenameE:              "PPME_SYSCALL_RENAME_E",
	evRenameX:              "PPME_SYSCALL_RENAME_X",
	evRenameatE:            "PPME_SYSCALL_RENAMEAT_E",
	evRenameatX:            "PPME_SYSCALL_RENAMEAT_X",
	evSymlinkE:             "PPME_SYSCALL_SYMLINK_E",
	evSymlinkX:             "PPME_SYSCALL_SYMLINK_X",
	evSymlinkatE:           "PPME_SYSCALL_SYMLINKAT_E",
	evSymlinkatX:           "PPME_SYSCALL_SYMLINKAT_X",
	evForkE:                "PPME_SYSCALL_FORK_E",
	evForkX:                "PPME_SYSCALL_FORK_X",
	evVforkE:               "PPME_SYSCALL_VFORK_E",
	evVforkX:               "PPME_SYSCALL_VFORK_X",
	evProcexitV1E:          "PPME_PROCEXIT_1_E",
	evSendfileE:            "PPME_SYSCALL_SENDFILE_E",
	evSendfileX:            "PPME_SYSCALL_SENDFILE_X",
	evQuotactlE:            "PPME_SYSCALL_QUOTACTL_E",
	evQuotactlX:            "PPME_SYSCALL_QUOTACTL_X",
	evSetresuidE:           "PPME_SYSCALL_SETRESUID_E",
	evSetresuidX:           "PPME_SYSCALL_SETRESUID_X",
	evSetresgidE:           "PPME_SYSCALL_SETRESGID_E",
	evSetresgidX:           "PPME_SYSCALL_SETRESGID_X",
	evSysdigeventE:         "PPME_SYSDIGEVENT_E",
	evSysdigeventX:         "PPME_SYSDIGEVENT_X",
	evSetuidE:              "PPME_SYSCALL_SETUID_E",
	evSetuidX:              "PPME_SYSCALL_SETUID_X",
	evSetgidE:              "PPME_SYSCALL_SETGID_E",
	evSetgidX:              "PPME_SYSCALL_SETGID_X",
	evGetuidE:              "PPME_SYSCALL_GETUID_E",
	evGetuidX:              "PPME_SYSCALL_GETUID_X",
	evGeteuidE:             "PPME_SYSCALL_GETEUID_E",
	evGeteuidX:             "PPME_SYSCALL_GETEUID_X",
	evGetgidE:              "PPME_SYSCALL_GETGID_E",
	evGetgidX:              "PPME_SYSCALL_GETGID_X",
	evGetegidE:             "PPME_SYSCALL_GETEGID_E",
	evGetegidX:             "PPME_SYSCALL_GETEGID_X",
	evGetresuidE:           "PPME_SYSCALL_GETRESUID_E",
	evGetresuidX:           "PPME_SYSCALL_GETRESUID_X",
	evGetresgidE:           "PPME_SYSCALL_GETRESGID_E",
	evGetresgidX:           "PPME_SYSCALL_GETRESGID_X",
	evExecveV15E:           "PPME_SYSCALL_EXECVE_15_E",
	evExecveV15X:           "PPME_SYSCALL_EXECVE_15_X",
	evCloneV17E:            "PPME_SYSCALL_CLONE_17_E",
	evCloneV17X:            "PPME_SYSCALL_CLONE_17_X",
	evForkV17E:             "PPME_SYSCALL_FORK_17_E",
	evForkV17X:             "PPME_SYSCALL_FORK_17_X",
	evVforkV17E:            "PPME_SYSCALL_VFORK_17_E",
	evVforkV17X:            "PPME_SYSCALL_VFORK_17_X",
	evCloneV20E:            "PPME_SYSCALL_CLONE_20_E",
	evCloneV20X:            "PPME_SYSCALL_CLONE_20_X",
	evForkV20E:             "PPME_SYSCALL_FORK_20_E",
	evForkV20X:             "PPME_SYSCALL_FORK_20_X",
	evVforkV20E:            "PPME_SYSCALL_VFORK_20_E",
	evVforkV20X:            "PPME_SYSCALL_VFORK_20_X",
	evContainerE:           "PPME_CONTAINER_E",
	evExecveV16E:           "PPME_SYSCALL_EXECVE_16_E",
	evExecveV16X:           "PPME_SYSCALL_EXECVE_16_X",
	evSignaldeliverE:       "PPME_SIGNALDELIVER_E",
	evSignaldeliverX:       "PPME_SIGNALDELIVER_X",
	evProcinfoE:            "PPME_PROCINFO_E",
	evGetdentsE:            "PPME_SYSCALL_GETDENTS_E",
	evGetdentsX:            "PPME_SYSCALL_GETDENTS_X",
	evGetdents64E:          "PPME_SYSCALL_GETDENTS64_E",
	evGetdents64X:          "PPME_SYSCALL_GETDENTS64_X",
	evSetnsE:               "PPME_SYSCALL_SETNS_E",
	evSetnsX:               "PPME_SYSCALL_SETNS_X",
	evFlockE:               "PPME_SYSCALL_FLOCK_E",
	evFlockX:               "PPME_SYSCALL_FLOCK_X",
	evCpuHotplugE:          "PPME_CPU_HOTPLUG_E",
	evCpuHotplugX:          "PPME_CPU_HOTPLUG_X",
	evAcceptV5E:            "PPME_SOCKET_ACCEPT_5_E",
	evAcceptV5X:            "PPME_SOCKET_ACCEPT_5_X",
	evAccept4V5E:           "PPME_SOCKET_ACCEPT4_5_E",
	evAccept4V5X:           "PPME_SOCKET_ACCEPT4_5_X",
	evSemopE:               "PPME_SYSCALL_SEMOP_E",
	evSemopX:               "PPME_SYSCALL_SEMOP_X",
	evSemctlE:              "PPME_SYSCALL_SEMCTL_E",
	evSemctlX:              "PPME_SYSCALL_SEMCTL_X",
	evPpollE:               "PPME_SYSCALL_PPOLL_E",
	evPpollX:               "PPME_SYSCALL_PPOLL_X",
	evMountE:               "PPME_SYSCALL_MOUNT_E",
	evMountX:               "PPME_SYSCALL_MOUNT_X",
	evUmountE:              "PPME_SYSCALL_UMOUNT_E",
	evUmountX:              "PPME_SYSCALL_UMOUNT_X",
	evK8sE:                 "PPME_K8S_E",
	evK8sX:                 "PPME_K8S_X",
	evSemgetE:              "PPME_SYSCALL_SEMGET_E",
	evSemgetX:              "PPME_SYSCALL_SEMGET_X",
	evAccessE:              "PPME_SYSCALL_ACCESS_E",
	evAccessX:              "PPME_SYSCALL_ACCESS_X",
	evChrootE:              "PPME_SYSCALL_CHROOT_E",
	evChrootX:              "PPME_SYSCALL_CHROOT_X",
	evTracerE:              "PPME_TRACER_E",
	evTracerX:              "PPME_TRACER_X",
	evMesosE:               "PPME_MESOS_E",
	evMesosX:               "PPME_MESOS_X",
	evContainerJsonE:       "PPME_CONTAINER_JSON_E",
	evSetsidE:              "PPME_SYSCALL_SETSID_E",
	evSetsidX:              "PPME_SYSCALL_SETSID_X",
	evMkdirV2E:             "PPME_SYSCALL_MKDIR_2_E",
	evMkdirV2X:             "PPME_SYSCALL_MKDIR_2_X",
	evRmdirV2E:             "PPME_SYSCALL_RMDIR_2_E",
	evRmdirV2X:             "PPME_SYSCALL_RMDIR_2_X",
	evNotificationE:        "PPME_NOTIFICATION_E",
	evNotificationX:        "PPME_NOTIFICATION_X",
	evExecveV17E:           "PPME_SYSCALL_EXECVE_17_E",
	evExecveV17X:           "PPME_SYSCALL_EXECVE_17_X",
	evUnshareE:             "PPME_SYSCALL_UNSHARE_E",
	evUnshareX:             "PPME_SYSCALL_UNSHARE_X",
	evInfrastructureEventE: "PPME_INFRASTRUCTURE_EVENT_E",
	evInfrastructureEventX: "PPME_INFRASTRUCTURE_EVENT_X",
	evExecveV18E:           "PPME_SYSCALL_EXECVE_18_E",
	evExecveV18X:           "PPME_SYSCALL_EXECVE_18_X",
	evPageFaultE:           "PPME_PAGE_FAULT_E",
	evPageFaultX:           "PPME_PAGE_FAULT_X",
	evExecveV19E:           "PPME_SYSCALL_EXECVE_19_E",
	evExecveV19X:           "PPME_SYSCALL_EXECVE_19_X",
	evSetpgidE:             "PPME_SYSCALL_SETPGID_E",
	evSetpgidX:             "PPME_SYSCALL_SETPGID_X",
	evBpfE:                 "PPME_SYSCALL_BPF_E",
	evBpfX:                 "PPME_SYSCALL_BPF_X",
	evSeccompE:             "PPME_SYSCALL_SECCOMP_E",
	evSeccompX:             "PPME_SYSCALL_SECCOMP_X",
	evUnlinkV2E:            "PPME_SYSCALL_UNLINK_2_E",
	evUnlinkV2X:            "PPME_SYSCALL_UNLINK_2_X",
	evUnlinkatV2E:          "PPME_SYSCALL_UNLINKAT_2_E",
	evUnlinkatV2X:          "PPME_SYSCALL_UNLINKAT_2_X",
	evMkdiratE:             "PPME_SYSCALL_MKDIRAT_E",
	evMkdiratX:             "PPME_SYSCALL_MKDIRAT_X",
	evOpenatV2E:            "PPME_SYSCALL_OPENAT_2_E",
	evOpenatV2X:            "PPME_SYSCALL_OPENAT_2_X",
	evLinkV2E:              "PPME_SYSCALL_LINK_2_E",
	evLinkV2X:              "PPME_SYSCALL_LINK_2_X",
	evLinkatV2E:            "PPME_SYSCALL_LINKAT_2_E",
	evLinkatV2X:            "PPME_SYSCALL_LINKAT_2_X",
	evFchmodatE:            "PPME_SYSCALL_FCHMODAT_E",
	evFchmodatX:            "PPME_SYSCALL_FCHMODAT_X",
	evChmodE:               "PPME_SYSCALL_CHMOD_E",
	evChmodX:               "PPME_SYSCALL_CHMOD_X",
	evFchmodE:              "PPME_SYSCALL_FCHMOD_E",
	evFchmodX:              "PPME_SYSCALL_FCHMOD_X",
	evRenameat2E:           "PPME_SYSCALL_RENAMEAT2_E",
	evRenameat2X:           "PPME_SYSCALL_RENAMEAT2_X",
	evUserfaultfdE:         "PPME_SYSCALL_USERFAULTFD_E",
	evUserfaultfdX:         "PPME_SYSCALL_USERFAULTFD_X",
	evPlugineventE:         "PPME_PLUGINEVENT_E",
	evPlugineventX:         "PPME_PLUGINEVENT_X",
	evContainerJsonV2E:     "PPME_CONTAINER_JSON_2_E",
	evOpenat2E:             "PPME_SYSCALL_OPENAT2_E",
	evOpenat2X:             "PPME_SYSCALL_OPENAT2_X",
	evMprotectE:            "PPME_SYSCALL_MPROTECT_E",
	evMprotectX:            "PPME_SYSCALL_MPROTECT_X",
	evExecveatE:            "PPME_SYSCALL_EXECVEAT_E",
	evExecveatX:            "PPME_SYSCALL_EXECVEAT_X",
	evCopyFileRangeE:       "PPME_SYSCALL_COPY_FILE_RANGE_E",
	evCopyFileRangeX:       "PPME_SYSCALL_COPY_FILE_RANGE_X",
	evClone3E:              "PPME_SYSCALL_CLONE3_E",
	evClone3X:              "PPME_SYSCALL_CLONE3_X",
	evUserAddedE:           "PPME_USER_ADDED_E",
	evUserDeletedE:         "PPME_USER_DELETED_E",
	evGroupAddedE:          "PPME_GROUP_ADDED_E",
	evGroupDeletedE:        "PPME_GROUP_DELETED_E",
}
