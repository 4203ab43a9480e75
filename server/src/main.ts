// Entry point of the server bundle that VS Code starts; the CLI starts the same server itself.
import { startServer } from './server';

startServer();
