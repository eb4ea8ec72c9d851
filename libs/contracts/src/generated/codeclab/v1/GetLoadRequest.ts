// Original file: protos/codeclab/v1/agent_runner.proto


export interface GetLoadRequest {
}

export interface GetLoadRequest__Output {
}
