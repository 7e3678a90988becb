// ascend-port verify: stub for <mpi.h>. verify runs kernels and device code only, and the host
// functions that use MPI are left out of the CPU build; this header declares just MPI's handle
// types and the constants a declaration may name, so the file's remaining declarations compile.
#pragma once
typedef int MPI_Comm;
typedef int MPI_Datatype;
typedef int MPI_Op;
typedef int MPI_Request;
typedef struct { int MPI_SOURCE, MPI_TAG, MPI_ERROR; } MPI_Status;
#define MPI_SUCCESS 0
#define MPI_COMM_WORLD 0
#define MPI_MAX_ERROR_STRING 512
